/**
 * Turns an attachment name taken from a pivot or a ZIP entry (untrusted) into a name that is safe to create in a
 * message folder on any OS and does not clobber the message's own files. The original name stays in the metadata.
 */

const MAX_NAME_BYTES = 150;
const MAX_EXTENSION_LENGTH = 10;
const FALLBACK_NAME = 'attachment';

/** Files the store writes into every message folder. */
const RESERVED_NAMES = new Set(['message.xml', 'metadata.json', 'manifest.json']);
/** Windows device names are reserved whatever the extension ("nul.pdf" opens the null device). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

// C0/C1 controls, and invisible or direction-changing characters that make "fdp.exe" look like "exe.pdf".
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Characters Windows refuses in names, plus "~": Chromium renames it to "_" on download (8.3 short-name confusion).
const FORBIDDEN = /[<>:"|?*~]/g;

function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  if (extension.length < 2 || extension.length > MAX_EXTENSION_LENGTH + 1 || !/^\.[\p{L}\p{N}_-]+$/u.test(extension)) {
    return { stem: name, extension: '' };
  }
  return { stem: name.slice(0, dot), extension };
}

/** Cuts a string to a UTF-8 byte budget without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > maxBytes) break;
    out += char;
    used += size;
  }
  return out;
}

function sanitize(original: string): string {
  const segments = original
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .split(/[/\\]+/)
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '' && !/^\.+$/.test(segment));
  return segments
    .join('_')
    .replace(FORBIDDEN, '_')
    .replace(/\s+/g, ' ')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.]+|[\s.]+$/g, '');
}

function isReserved(name: string): boolean {
  const lower = name.toLowerCase();
  const base = lower.split('.')[0] ?? lower;
  return RESERVED_NAMES.has(lower) || WINDOWS_DEVICE.test(base.trim());
}

/**
 * A safe, unique file name for `original`, added to `taken` (compared case-insensitively, since the message may
 * land on a case-insensitive file system). Path parts become "_", so "../../etc/passwd" gives "etc_passwd".
 */
export function safeFileName(original: string, taken: Set<string>): string {
  const parts = splitExtension(sanitize(original) || FALLBACK_NAME);
  const extension = parts.extension;
  let stem = parts.stem.trim() || FALLBACK_NAME;
  if (WINDOWS_DEVICE.test(stem)) stem = `_${stem}`;
  const takenLower = new Set([...taken].map((name) => name.toLowerCase()));
  const fits = (suffix: string): string => {
    const budget = MAX_NAME_BYTES - Buffer.byteLength(extension + suffix, 'utf8');
    const cut = truncateUtf8(stem, budget).replace(/[\s.]+$/, '') || FALLBACK_NAME;
    return `${cut}${suffix}${extension}`;
  };
  let candidate = fits('');
  for (let n = 2; isReserved(candidate) || takenLower.has(candidate.toLowerCase()); n++) {
    candidate = fits(` (${n})`);
  }
  taken.add(candidate);
  return candidate;
}
