/** Code families and lists the rules name (ccm-rules.md §7, §10, §15–17). */

function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let c = from; c <= to; c++) out.push(String(c));
  return out;
}

export const CCM_CODES: readonly string[] = ['99490', '99439', '99487', '99489', '99491', '99437'];
export const PCM_CODES: readonly string[] = ['99424', '99425', '99426', '99427'];
export const APCM_BASE_CODES: readonly string[] = ['G0556', 'G0557', 'G0558'];
export const APCM_BH_ADDON_CODES: readonly string[] = ['G0568', 'G0569', 'G0570'];
export const RPM_CODES: readonly string[] = ['99453', '99454', '99445', '99457', '99458', '99470'];

/** EXCL-1: care management built in; same practitioner, same month. */
export const CCM_BUNDLING_SERVICES: readonly string[] = ['G0181', 'G0182', ...range(90951, 90970)];
/** APCM-8: standalone BHI/CoCM codes the APCM BH add-ons may not accompany. */
export const STANDALONE_BH_CODES: readonly string[] = ['99484', '99492', '99493', '99494'];
/** EXCL-6: CPT's same-practitioner exclusions for complex CCM (flag only). */
export const COMPLEX_CCM_REVIEW_CODES: readonly string[] = [
  '99358',
  '99359',
  '93792',
  '93793',
  '99605',
  '99606',
  '99607',
  '99339',
  '99340',
  ...range(99374, 99380),
];
/** EXCL-8: PCM with BHI or ESRD monthly services (flag only). */
export const PCM_REVIEW_CODES: readonly string[] = [...STANDALONE_BH_CODES, ...range(90951, 90970)];

/**
 * Add-on codes the rules bill (CPT marks them "+"): each is reported with its base code on the same
 * claim, and claim files list it after the base code.
 */
export const ADD_ON_CODES: readonly string[] = ['99439', '99489', '99437', '99425', '99427', '99458'];

export const TCM_CODES: readonly string[] = ['99495', '99496'];

/** INIT-2: E/M levels 2–5 (office and home/residence), AWV, IPPE. 99211 and 99341 (level 1) never. */
export const QUALIFYING_INITIATING_VISIT_CODES: readonly string[] = [
  ...range(99202, 99205),
  ...range(99212, 99215),
  ...range(99342, 99345),
  ...range(99347, 99350),
  'G0438',
  'G0439',
  'G0402',
];

/** TIME-4: billed visits whose face-to-face time belongs to the visit. */
export const BILLED_VISIT_CODES: readonly string[] = [
  ...range(99202, 99215),
  ...range(99221, 99239),
  ...range(99281, 99285),
  ...range(99304, 99316),
  ...range(99341, 99350),
  'G0438',
  'G0439',
  'G0402',
  ...TCM_CODES,
];

/** The rule that defines each billable code, cited when a code is refused without a more specific rule. */
export const CODE_RULE: Readonly<Record<string, string>> = {
  '99490': 'CODE-1',
  '99439': 'CODE-2',
  '99487': 'CODE-3',
  '99489': 'CODE-5',
  '99491': 'CODE-6',
  '99437': 'CODE-7',
  '99424': 'PCM-2',
  '99425': 'PCM-2',
  '99426': 'PCM-2',
  '99427': 'PCM-2',
  G0506: 'INIT-5',
  G0556: 'APCM-1',
  G0557: 'APCM-1',
  G0558: 'APCM-1',
  G0568: 'APCM-8',
  G0569: 'APCM-8',
  G0570: 'APCM-8',
  '99453': 'RPM-6',
  '99454': 'RPM-1',
  '99445': 'RPM-2',
  '99457': 'RPM-2',
  '99458': 'RPM-8',
  '99470': 'RPM-2',
};

export function ruleForCode(code: string): string {
  return CODE_RULE[code] ?? 'CODE-10';
}
