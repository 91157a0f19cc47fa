/**
 * `@peculiar/x509` for the verifier, loaded after the Reflect metadata polyfill it needs (its
 * dependency injection container refuses to load without one). Import x509 from here.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
