#!/usr/bin/env node
// Usage: node check-3.0.js DEFINITIONS_DIR CLASS FILE...
//        node check-3.0.js DEFINITIONS_DIR datasets-of CATALOG...
// Checks JSON documents against the DCAT-US 3.0 JSON Schemas (draft 2020-12) with ajv 8: every schema in DEFINITIONS_DIR
// is registered by its $id (their $refs are root-relative), and the format "iri" accepts any string.
// First form: each FILE as a whole against the class CLASS (the last segment of a schema $id: dataset, catalog, ...).
// Second form: each entry of each CATALOG's "dataset" array against the dataset class.
// Prints one JSON array: {"file", "index" (second form), "result": "valid"|"invalid"|"parse-error", "errors": [...]}.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const [definitions, mode, ...files] = process.argv.slice(2);
if (!definitions || !mode || files.length === 0) {
  process.stderr.write('usage: node check-3.0.js DEFINITIONS_DIR CLASS|datasets-of FILE...\n');
  process.exit(2);
}

const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
ajv.addFormat('iri', true);
const base = 'https://resources.data.gov/dcat-us/3.0.0/definitions/';
for (const name of fs.readdirSync(definitions).filter(n => n.endsWith('.json')))
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(definitions, name), 'utf8')));

const validator = className => {
  const validate = ajv.getSchema(base + className);
  if (!validate) throw new Error(`no schema with $id ${base + className}`);
  return validate;
};

const read = file => {
  let text = fs.readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return JSON.parse(text);
};

const verdict = (validate, value) => validate(value)
  ? { result: 'valid', errors: [] }
  : { result: 'invalid', errors: validate.errors.map(e => `${e.instancePath || '/'} ${e.message}`) };

const results = [];
for (const file of files) {
  let document;
  try {
    document = read(file);
  } catch (e) {
    results.push({ file, result: 'parse-error', errors: [String(e.message)] });
    continue;
  }
  if (mode === 'datasets-of') {
    const validate = validator('dataset');
    (Array.isArray(document.dataset) ? document.dataset : []).forEach((dataset, index) =>
      results.push({ file, index, ...verdict(validate, dataset) }));
  } else {
    results.push({ file, ...verdict(validator(mode), document) });
  }
}
process.stdout.write(JSON.stringify(results));
