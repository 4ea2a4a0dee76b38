/**
 * Writes examples/tamana/plan.xlsx: the 玉名市 plan (examples/tamana/plan.json) as the plan workbook
 * POST /plans/import takes (reports/documents/plan.workbook.ts). Run after changing plan.json:
 *   npm run example:workbook
 * test/plan-import.e2e-spec.ts checks that the committed file still says what plan.json says.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planWorkbook } from '../reports/documents/plan.workbook';
import { renderXlsx } from '../reports/render/xlsx';
import { readTamana } from './load-tamana';

export async function tamanaPlanWorkbook(): Promise<Buffer> {
  const { plan } = readTamana();
  return renderXlsx(planWorkbook(plan));
}

if (require.main === module) {
  tamanaPlanWorkbook()
    .then((file) => {
      const target = join(readTamana().dir, 'plan.xlsx');
      writeFileSync(target, file);
      console.log(`wrote ${target} (${file.length} bytes)`);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
