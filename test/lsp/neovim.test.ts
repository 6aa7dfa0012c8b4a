/**
 * The README's Neovim 0.7–0.9 configuration, run as it stands in Debian's
 * Neovim (installed by scripts/setup-neovim.sh when missing) against the
 * built server, with `mot-language-server` on the PATH as a user would have
 * it: the note gets its diagnostics, and Neovim's LSP log has no warning
 * (Neovim 0.7 logs one for a server that registers capabilities with a
 * client that declared it cannot take them).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../helpers.js';
import { SKIPS_CONFIRM_NOTE } from '../notes.js';

/** The README's Lua block that starts with `-- mot: Neovim 0.7–0.9`. */
function readmeConfig(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```lua\n(-- mot: Neovim 0\.7–0\.9\n[\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README has the Neovim 0.7–0.9 block');
  return block[1];
}

/**
 * After the README's configuration: once the note has diagnostics (or after
 * a deadline), write them to MOT_NVIM_OUT and quit, letting Neovim stop the
 * server as it does on exit.
 */
const HARNESS = `
-- Info and up: the log exists even when nothing went wrong, and warnings stand out.
vim.lsp.set_log_level('info')
local out = os.getenv('MOT_NVIM_OUT')
local done = false
local function finish(reason)
  if done then return end
  done = true
  local lines = { reason }
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(lines, tostring(d.code or lsp.code) .. '\\t' .. d.lnum .. '\\t' .. d.message)
  end
  vim.fn.writefile(lines, out)
  vim.cmd('qa!')
end
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  callback = function()
    if #vim.diagnostic.get(0) > 0 then vim.schedule(function() finish('diagnostics') end) end
  end,
})
vim.defer_fn(function() finish('deadline') end, 60000)
`;

describe('Neovim with the README configuration', function () {
  this.timeout(300000);
  let nvim = 'nvim';

  before(() => {
    execFileSync('bash', [join(ROOT, 'scripts/setup-neovim.sh')], { stdio: 'inherit' });
    nvim = execFileSync('bash', ['-c', 'command -v nvim'], { encoding: 'utf8' }).trim();
  });

  it('shows the note\'s diagnostics, and its LSP log has no warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mot-nvim-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(join(ROOT, 'bin/mot-language-server.cjs'), join(bin, 'mot-language-server'));
    const project = join(dir, 'notes');
    mkdirSync(project);
    writeFileSync(join(project, '.motrc.json'), '{}');
    const note = join(project, 'call.md');
    writeFileSync(note, SKIPS_CONFIRM_NOTE);
    const init = join(dir, 'init.lua');
    writeFileSync(init, `${readmeConfig()}\n${HARNESS}`);
    const out = join(dir, 'out.txt');
    const home = join(dir, 'home');
    const env = {
      ...process.env,
      PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}`,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_DATA_HOME: join(home, 'data'),
      MOT_NVIM_OUT: out,
    };
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(nvim, ['--headless', '-i', 'NONE', '-u', init, note], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    assert.equal(code, 0);
    const [reason, ...diagnostics] = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(reason, 'diagnostics', 'diagnostics arrived before the deadline');
    assert.deepEqual(diagnostics.map((l) => l.split('\t')[0]).sort(), ['missing-step', 'unconfirmed-offer']);
    const logs = findLogs(home);
    assert.ok(logs.length, 'Neovim wrote an LSP log');
    const log = logs.map((f) => readFileSync(f, 'utf8')).join('');
    const warnings = log.split('\n').filter((l) => /\[(WARN|ERROR)\]/.test(l));
    assert.deepEqual(warnings, []);
  });
});

/** Neovim's LSP log files under a home folder (0.7 writes ~/.cache/nvim/lsp.log, later ones ~/.local/state). */
function findLogs(home: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'lsp.log') out.push(join(d, e.name));
    }
  };
  walk(home);
  return out;
}
