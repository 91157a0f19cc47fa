/** The demo relying party's logo (shown on Signet's login page as the client's logo). */
export const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Signet demo">
<rect width="64" height="64" rx="14" fill="#0b5cad"/>
<path d="M20 40c0 5 5 8 12 8s12-3 12-9c0-11-22-7-22-17 0-5 5-8 10-8 6 0 10 3 10 7" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round"/>
</svg>
`;
