import type { Random } from './prng.ts';

/** Luhn check digit for a string of digits (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // The appended digit sits at an odd position from the right, so the rightmost existing digit is doubled.
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

function randomDigits(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(random.int(0, 9));
  return out;
}

/** A SIRET whose SIREN (9 digits) and whole 14 digits both pass the Luhn check, as INSEE numbers do. */
export function generateSiret(random: Random, sirenFirstDigit?: number): string {
  const head =
    (sirenFirstDigit !== undefined ? String(sirenFirstDigit) : String(random.int(1, 9))) + randomDigits(random, 7);
  const siren = head + String(luhnCheckDigit(head));
  const nic = '0' + randomDigits(random, 3);
  return siren + nic + String(luhnCheckDigit(siren + nic));
}

export interface FrenchBankAccount {
  iban: string;
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  ribKey: string;
  ibanKey: string;
}

function mod97(numeric: string): number {
  let rest = 0;
  for (let i = 0; i < numeric.length; i += 7) rest = Number(String(rest) + numeric.slice(i, i + 7)) % 97;
  return rest;
}

function lettersToDigits(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
}

export function isIbanValid(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  return mod97(lettersToDigits(compact.slice(4) + compact.slice(0, 4))) === 1;
}

/** French IBAN (FR76...) with a correct RIB key and IBAN check digits. */
export function generateFrenchBankAccount(random: Random): FrenchBankAccount {
  const bankCode = randomDigits(random, 5);
  const branchCode = randomDigits(random, 5);
  const accountNumber = randomDigits(random, 11);
  const weighted = 89 * Number(bankCode) + 15 * Number(branchCode) + 3 * Number(accountNumber);
  const ribKey = String(97 - (weighted % 97)).padStart(2, '0');
  const bban = bankCode + branchCode + accountNumber + ribKey;
  const ibanKey = String(98 - mod97(lettersToDigits(bban + 'FR00'))).padStart(2, '0');
  return { iban: `FR${ibanKey}${bban}`, bankCode, branchCode, accountNumber, ribKey, ibanKey };
}
