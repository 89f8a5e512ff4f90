/** The check character of a 身份证号's first 17 digits (GB 11643). */
export function idCheckChar(s17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s17[i]) * w[i];
  return '10X98765432'[sum % 11];
}
