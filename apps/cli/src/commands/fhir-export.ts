import { isId } from '@ccm/domain';
import {
  everythingBundle,
  PatientNotOnRecord,
  readAccessEvents,
  readPatientRecordExport,
} from '@ccm/interop';
import { systemClock } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliUsageError, defineCommand, EXIT_USAGE, READER_OPTIONS, requireOption } from '../cli-command';
import { cliReader, logCliRead } from '../cli-reader';

/**
 * The same Bundle as GET /fhir/Patient/{id}/$everything (docs/fhir.md), for a file handed to an EHR. The
 * read is logged in the patient's access log first, as the api's is; a record whose hash chain does not
 * verify is not exported (the command line answers EXIT_TAMPERED).
 */
export const fhirExportCommand = defineCommand({
  path: ['fhir', 'export'],
  usage: 'fhir export --practice P --patient ID [--out FILE] [--as USER] [--role R] [--purpose P]',
  summary: "write a patient's record as a FHIR R4 Bundle (Patient/$everything)",
  options: [
    { flags: '--practice <P>', description: 'the practice id' },
    { flags: '--patient <ID>', description: 'the patient id' },
    { flags: '--out <FILE>', description: 'where the Bundle is written (default: standard output)' },
    ...READER_OPTIONS,
  ],
  async execute({ options }, io) {
    const practiceId = requireOption(options, 'practice');
    if (!isId(practiceId)) throw new CliUsageError('--practice must be an id');
    const patientId = requireOption(options, 'patient');
    if (!isId(patientId)) throw new CliUsageError('--patient must be an id');
    const out = options.get('out');
    if (out === true) throw new CliUsageError('--out needs a file name');
    const reader = cliReader(options, io, practiceId, { role: 'auditor', purpose: 'patient_request' });
    const store = await openEventStore(loadConfig(io.env).eventStore);
    try {
      let record;
      try {
        record = await readPatientRecordExport(store, practiceId, patientId);
      } catch (error) {
        if (!(error instanceof PatientNotOnRecord)) throw error;
        io.stderr.write('no such patient in that practice\n');
        return EXIT_USAGE;
      }
      await logCliRead(store, reader, 'fhir export', patientId);
      const accessEvents = await readAccessEvents(store, practiceId, patientId);
      const bundle = everythingBundle({ ...record, accessEvents }, systemClock.now(), randomUUID());
      const json = `${JSON.stringify(bundle, null, 2)}\n`;
      if (out === undefined) io.stdout.write(json);
      else {
        writeFileSync(resolve(out), json);
        io.stdout.write(`${resolve(out)}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
});
