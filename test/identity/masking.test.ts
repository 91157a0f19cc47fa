import test from 'ava';
import { maskEmail, maskMobile } from '../../src/identity/index.js';

test('maskEmail keeps every third character of the local part and the domain', (t) => {
  t.is(maskEmail('aisha.rahman@example.org'), 'XXsXX.XXhXXn@example.org');
  t.is(maskEmail('r@x.org'), 'X@x.org');
  t.is(maskEmail('abc@x.org'), 'XXc@x.org');
  t.is(maskEmail(''), '');
});

test('maskMobile hides the first half plus one characters', (t) => {
  t.is(maskMobile('+97455501571'), 'XXXXXXX01571');
  t.is(maskMobile('8267411571'), 'XXXXXX1571');
  t.is(maskMobile('123'), 'XX3');
  t.is(maskMobile(''), '');
});
