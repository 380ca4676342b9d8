import { assess, exitCode, newerFile, parsePairs } from './certificates';

const DAY = 86_400_000;
const now = new Date('2026-06-01T00:00:00Z');
const limits = { warnDays: 14, caWarnDays: 180 };
const cert = (fromDays: number, toDays: number, ca = false) => ({
  validFrom: new Date(now.getTime() + fromDays * DAY).toUTCString(),
  validTo: new Date(now.getTime() + toDays * DAY).toUTCString(),
  subject: 'CN=eventstoredb-node',
  ca,
});

describe('certificate expiry', () => {
  it('is ok with more days left than the warning, due with fewer, expired past its end', () => {
    expect(assess('node1', cert(-300, 65), now, limits).verdict).toBe('ok');
    expect(assess('node1', cert(-360, 5), now, limits).verdict).toBe('due');
    expect(assess('node1', cert(-366, -1), now, limits).verdict).toBe('expired');
    expect(assess('node1', cert(1, 365), now, limits).verdict).toBe('expired');
  });

  it('gives a CA its own, longer warning', () => {
    expect(assess('ca', cert(-1700, 125, true), now, limits).verdict).toBe('due');
    expect(assess('ca', cert(-1500, 325, true), now, limits).verdict).toBe('ok');
  });

  it('does not call a short-lived certificate renewed automatically due all the time', () => {
    // Caddy's internal certificates live 12 hours and are renewed with 4 left.
    const hours = (h: number) => h / 24;
    expect(assess('proxy', cert(hours(-6), hours(6)), now, limits).verdict).toBe('ok');
    expect(assess('proxy', cert(hours(-11), hours(1)), now, limits).verdict).toBe('due');
  });

  it('says when, and how long is left', () => {
    expect(assess('node2', cert(-300, 65), now, limits).line).toBe(
      'ok      node2: CN=eventstoredb-node, until 2026-08-05T00:00:00.000Z, 65 days left',
    );
  });

  it('exits 2 for anything expired or unreadable, 1 for something due, else 0', () => {
    expect(exitCode(['ok', 'ok'])).toBe(0);
    expect(exitCode(['ok', 'due'])).toBe(1);
    expect(exitCode(['due', 'expired'])).toBe(2);
    expect(exitCode(['error'])).toBe(2);
  });

  it('reads label=value lists', () => {
    expect(parsePairs('node1=/nodes/node1/node.crt, proxy=proxy:443@ccm.example.org')).toEqual([
      { label: 'node1', value: '/nodes/node1/node.crt' },
      { label: 'proxy', value: 'proxy:443@ccm.example.org' },
    ]);
    expect(() => parsePairs('no-label')).toThrow(/label=value/);
    expect(parsePairs(undefined)).toEqual([]);
  });
});

describe('a node that has not loaded its renewed certificate', () => {
  const names = 'DNS:localhost, DNS:eventstore-node1, IP Address:127.0.0.1, IP Address:172.30.240.11';
  const old = { ...cert(-340, 25), subjectAltName: names, fingerprint256: 'AA' };
  const renewed = { ...cert(0, 365), subjectAltName: names, fingerprint256: 'BB' };

  it('is found by the names both certificates carry', () => {
    expect(newerFile(old, [{ label: 'node1', cert: renewed }])).toBe('node1');
    expect(newerFile(renewed, [{ label: 'node1', cert: renewed }])).toBeUndefined();
    expect(
      newerFile(old, [{ label: 'node2', cert: { ...renewed, subjectAltName: 'DNS:eventstore-node2' } }]),
    ).toBeUndefined();
  });
});
