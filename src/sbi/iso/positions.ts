/**
 * Subtype ↔ ISO position codes. Finger positions are ISO/IEC 19794-4 Table "Finger position codes"
 * (0 unknown, 1–5 right thumb…little, 6–10 left thumb…little); iris eye labels are ISO/IEC 19794-6
 * (0 undefined, 1 right eye, 2 left eye).
 */
import { IsoRecordError } from './bytes.js';

const FINGER_CODES: Readonly<Record<string, number>> = {
  UNKNOWN: 0,
  'Right Thumb': 1, 'Right IndexFinger': 2, 'Right MiddleFinger': 3, 'Right RingFinger': 4, 'Right LittleFinger': 5,
  'Left Thumb': 6, 'Left IndexFinger': 7, 'Left MiddleFinger': 8, 'Left RingFinger': 9, 'Left LittleFinger': 10,
};

const IRIS_CODES: Readonly<Record<string, number>> = { UNKNOWN: 0, Right: 1, Left: 2 };

function lookup(table: Readonly<Record<string, number>>, subType: string, what: string): number {
  const code = table[subType];
  if (code === undefined) throw new IsoRecordError(`unknown ${what}`);
  return code;
}

function reverse(table: Readonly<Record<string, number>>, code: number, what: string): string {
  const hit = Object.entries(table).find(([, c]) => c === code);
  if (!hit) throw new IsoRecordError(`invalid ${what} code`);
  return hit[0];
}

/** SBI finger subtype → ISO 19794-4 finger position code. */
export const fingerPositionCode = (subType: string): number => lookup(FINGER_CODES, subType, 'finger position');
/** ISO 19794-4 finger position code → SBI finger subtype. */
export const fingerSubTypeOf = (code: number): string => reverse(FINGER_CODES, code, 'finger position');
/** SBI iris subtype → ISO 19794-6 eye label. */
export const eyeLabelCode = (subType: string): number => lookup(IRIS_CODES, subType, 'eye label');
/** ISO 19794-6 eye label → SBI iris subtype. */
export const irisSubTypeOf = (code: number): string => reverse(IRIS_CODES, code, 'eye label');
