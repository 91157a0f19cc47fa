// Prints proto/buf/validate/validate.proto from the descriptor the pinned @bufbuild/protovalidate
// package embeds, so the vendored schema is exactly what the validator reads (see proto/buf/validate/README.md).
// Usage: node scripts/vendor-validate-proto.mjs > proto/buf/validate/validate.proto
import { file_buf_validate_validate as f } from '../node_modules/@bufbuild/protovalidate/dist/esm/gen/buf/validate/validate_pb.js';
import { getExtension, hasExtension, isFieldSet } from '@bufbuild/protobuf';
import { FieldDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
const inOne = (fl) => isFieldSet(fl, FieldDescriptorProtoSchema.field.oneofIndex);
import { FieldDescriptorProto_Type as T, FieldDescriptorProto_Label as L } from '@bufbuild/protobuf/wkt';
const p = f.proto;
const predefined = f.extensions.find((e) => e.name === 'predefined');
const out = [];
const w = (ind, s) => out.push(s === '' ? '' : '  '.repeat(ind) + s);
const q = (s) => JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (m) => m);
const scalar = { [T.DOUBLE]: 'double', [T.FLOAT]: 'float', [T.INT64]: 'int64', [T.UINT64]: 'uint64', [T.INT32]: 'int32', [T.FIXED64]: 'fixed64', [T.FIXED32]: 'fixed32', [T.BOOL]: 'bool', [T.STRING]: 'string', [T.BYTES]: 'bytes', [T.UINT32]: 'uint32', [T.SFIXED32]: 'sfixed32', [T.SFIXED64]: 'sfixed64', [T.SINT32]: 'sint32', [T.SINT64]: 'sint64' };
const rel = (name) => name.startsWith('.buf.validate.') ? name.slice('.buf.validate.'.length) : name.slice(1);
const typeOf = (fl) => scalar[fl.type] ?? rel(fl.typeName);
function fieldOptions(fl) {
  const opts = [];
  if (isFieldSet(fl, FieldDescriptorProtoSchema.field.defaultValue)) opts.push(`default = ${fl.type === T.STRING || fl.type === T.BYTES ? q(fl.defaultValue) : fl.defaultValue}`);
  const o = fl.options;
  if (o?.deprecated) opts.push('deprecated = true');
  if (o?.packed !== undefined && o.packed !== false) opts.push(`packed = ${o.packed}`);
  if (o && hasExtension(o, predefined)) {
    for (const r of getExtension(o, predefined).cel) {
      const parts = [`id: ${q(r.id)}`];
      if (r.message) parts.push(`message: ${q(r.message)}`);
      parts.push(`expression: ${q(r.expression)}`);
      opts.push(`(predefined).cel = {\n${parts.map((x) => '  ' + x).join('\n')}\n}`);
    }
  }
  return opts;
}
function printField(ind, fl, inOneof) {
  const label = inOneof ? '' : fl.label === L.REPEATED ? 'repeated ' : fl.label === L.REQUIRED ? 'required ' : 'optional ';
  const opts = fieldOptions(fl);
  const head = `${label}${typeOf(fl)} ${fl.name} = ${fl.number}`;
  if (opts.length === 0) { w(ind, head + ';'); return; }
  if (opts.length === 1 && !opts[0].includes('\n')) { w(ind, `${head} [${opts[0]}];`); return; }
  w(ind, head + ' [');
  opts.forEach((o, i) => out.push('  '.repeat(ind + 1) + o.replace(/\n/g, '\n' + '  '.repeat(ind + 1)) + (i < opts.length - 1 ? ',' : '')));
  w(ind, '];');
}
const range = (r) => (r.end - 1 === 536870911 ? `${r.start} to max` : r.end - 1 === r.start ? `${r.start}` : `${r.start} to ${r.end - 1}`);
function printMessage(ind, m) {
  w(ind, `message ${m.name} {`);
  for (const e of m.enumType) printEnum(ind + 1, e);
  for (const n of m.nestedType) printMessage(ind + 1, n);
  const done = new Set();
  for (const fl of m.field) {
    if (inOne(fl)) {
      if (done.has(fl.oneofIndex)) continue;
      done.add(fl.oneofIndex);
      w(ind + 1, `oneof ${m.oneofDecl[fl.oneofIndex].name} {`);
      for (const g of m.field.filter((x) => inOne(x) && x.oneofIndex === fl.oneofIndex)) printField(ind + 2, g, true);
      w(ind + 1, '}');
    } else printField(ind + 1, fl, false);
  }
  if (m.reservedRange.length) w(ind + 1, `reserved ${m.reservedRange.map(range).join(', ')};`);
  if (m.reservedName.length) w(ind + 1, `reserved ${m.reservedName.map(q).join(', ')};`);
  for (const r of m.extensionRange) w(ind + 1, `extensions ${range(r)};`);
  w(ind, '}');
}
function printEnum(ind, e) {
  w(ind, `enum ${e.name} {`);
  for (const v of e.value) w(ind + 1, `${v.name} = ${v.number};`);
  if (e.reservedRange.length) w(ind + 1, `reserved ${e.reservedRange.map((r) => (r.end === r.start ? `${r.start}` : `${r.start} to ${r.end}`)).join(', ')};`);
  if (e.reservedName.length) w(ind + 1, `reserved ${e.reservedName.map(q).join(', ')};`);
  w(ind, '}');
}
out.push('// Copyright 2023-2025 Buf Technologies, Inc.', '//', '// Licensed under the Apache License, Version 2.0 (the "License");', '// you may not use this file except in compliance with the License.', '// You may obtain a copy of the License at', '//', '//      http://www.apache.org/licenses/LICENSE-2.0', '//', '// Unless required by applicable law or agreed to in writing, software', '// distributed under the License is distributed on an "AS IS" BASIS,', '// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.', '// See the License for the specific language governing permissions and', '// limitations under the License.', '//');
out.push('// Vendored: the buf.validate schema exactly as the pinned @bufbuild/protovalidate npm package', '// embeds it (see proto/buf/validate/README.md); regenerate it from there when that package is', '// upgraded, never edit it by hand.', '');
out.push('syntax = "proto2";', '', `package ${p.package};`, '');
for (const d of p.dependency) out.push(`import "${d}";`);
out.push('');
const o = p.options;
if (o.goPackage) out.push(`option go_package = ${q(o.goPackage)};`);
if (o.javaMultipleFiles) out.push('option java_multiple_files = true;');
if (o.javaOuterClassname) out.push(`option java_outer_classname = ${q(o.javaOuterClassname)};`);
if (o.javaPackage) out.push(`option java_package = ${q(o.javaPackage)};`);
out.push('');
const byExtendee = new Map();
for (const e of p.extension) byExtendee.set(e.extendee, [...(byExtendee.get(e.extendee) ?? []), e]);
for (const [extendee, exts] of byExtendee) {
  w(0, `extend ${extendee.slice(1)} {`);
  for (const e of exts) printField(1, e, false);
  w(0, '}');
  out.push('');
}
for (const m of p.messageType) { printMessage(0, m); out.push(''); }
for (const e of p.enumType) { printEnum(0, e); out.push(''); }
process.stdout.write(out.join('\n').replace(/\n+$/, '\n'));
