/** The file in a simulator's state directory that holds its PKI (keys and certificates, PEM, mode 0600). */
export const SIMULATOR_STATE_FILE = 'sbi-simulator-state.json';
