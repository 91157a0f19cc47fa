import test from 'ava';
import {
  biometricSampleDigest, buildSyntheticIsoRecord, enrolSubject, enrolTemplate, IsoRecordError, matchesTemplate,
  parseIsoRecord,
} from '../../src/sbi/iso/index.js';
import type { BioType } from '../../src/sbi/constants.js';

const at = Date.UTC(2025, 4, 6, 7, 8, 9, 123);

const cases: Array<{ bioType: BioType; sub: string | undefined; magic: string; version: string }> = [
  { bioType: 'Finger', sub: 'Left Thumb', magic: 'FIR\0', version: '020\0' },
  { bioType: 'Iris', sub: 'Right', magic: 'IIR\0', version: '020\0' },
  { bioType: 'Face', sub: undefined, magic: 'FAC\0', version: '030\0' },
];

for (const c of cases) {
  test(`${c.bioType} record has a well-formed header and round-trips`, (t) => {
    const rec = buildSyntheticIsoRecord({ seed: 'alice', bioType: c.bioType, bioSubType: c.sub, capturedAt: at, quality: 77 });
    t.is(Buffer.from(rec.subarray(0, 8)).toString('latin1'), c.magic + c.version);
    t.is(Buffer.from(rec).readUInt32BE(8), rec.length);
    const parsed = parseIsoRecord(rec, c.bioType);
    t.is(parsed.bioSubType, c.sub);
    t.is(parsed.capturedAt, at);
    t.is(parsed.quality, 77);
    t.is(parsed.representationCount, 1);
    t.deepEqual([...parsed.imageData.subarray(0, 4)], [0xff, 0x4f, 0xff, 0x51]);
  });

  test(`${c.bioType} record matches the template of its seed only`, (t) => {
    const rec = buildSyntheticIsoRecord({ seed: 'alice', bioType: c.bioType, bioSubType: c.sub, capturedAt: at });
    const later = buildSyntheticIsoRecord({ seed: 'alice', bioType: c.bioType, bioSubType: c.sub, capturedAt: at + 5000, quality: 40 });
    t.not(Buffer.compare(rec, later), 0);
    t.is(biometricSampleDigest(rec), biometricSampleDigest(later));
    t.true(matchesTemplate(rec, enrolTemplate('alice', c.bioType, c.sub)));
    t.false(matchesTemplate(rec, enrolTemplate('bob', c.bioType, c.sub)));
  });
}

test('a different finger of the same person does not match', (t) => {
  const rec = buildSyntheticIsoRecord({ seed: 'alice', bioType: 'Finger', bioSubType: 'Left Thumb', capturedAt: at });
  t.false(matchesTemplate(rec, enrolTemplate('alice', 'Finger', 'Right Thumb')));
  t.is(enrolSubject('alice').filter((tpl) => matchesTemplate(rec, tpl)).length, 1);
});

test('parsers reject a wrong magic, a wrong length and a truncated record', (t) => {
  const rec = buildSyntheticIsoRecord({ seed: 'alice', bioType: 'Finger', bioSubType: 'Left Thumb', capturedAt: at });
  const badMagic = Uint8Array.from(rec);
  badMagic[0] = 0x58;
  t.throws(() => parseIsoRecord(badMagic, 'Finger'), { instanceOf: IsoRecordError, message: 'wrong format identifier' });
  const badLength = Uint8Array.from(rec);
  badLength[11] = (badLength[11]! + 1) & 0xff;
  t.throws(() => parseIsoRecord(badLength, 'Finger'), { message: 'record length does not match size' });
  t.throws(() => parseIsoRecord(rec.subarray(0, 30), 'Finger'), { instanceOf: IsoRecordError });
  t.throws(() => parseIsoRecord(rec, 'Iris'), { message: 'wrong format identifier' });
  t.false(matchesTemplate(badMagic, enrolTemplate('alice', 'Finger', 'Left Thumb')));
});
