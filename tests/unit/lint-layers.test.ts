// The eslint layer rule (eslint.config.js, `layers/allowed-imports`) fires on a break and stays quiet
// on an allowed import. Runs the real config through the ESLint Node API on in-memory snippets.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('eslint layer rule', () => {
  it('refuses core importing ui', async () => {
    const errors = await layerErrors('src/core/x.ts', "import { App } from '../ui/App';\nexport const y = App;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/src\/core may import only core/);
  });

  it('refuses app importing ui through a dynamic import and a re-export', async () => {
    const errors = await layerErrors(
      'src/app/sharing/x.ts',
      "export { pick } from '../../ui/picking';\nexport const m = () => import('../../ui/App');\n",
    );
    expect(errors).toHaveLength(2);
  });

  it('refuses workers importing app', async () => {
    expect(await layerErrors('src/workers/x.ts', "import { jobCancel } from '../app/jobs';\nexport const j = jobCancel;\n")).toHaveLength(
      1,
    );
  });

  it('allows core importing core and ui importing app', async () => {
    expect(await layerErrors('src/core/x.ts', "import type { Population } from './types';\nexport type P = Population;\n")).toEqual([]);
    expect(await layerErrors('src/ui/x.ts', "import { jobCancel } from '../app/jobs';\nexport const j = jobCancel;\n")).toEqual([]);
  });
});
