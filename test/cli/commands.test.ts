// The voipdb process loads only the command it runs: the table must name what each module
// registers, and the command must be found behind global options.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/cli/app.js';
import { commands } from '../../src/cli/commands/index.js';
import { commandName, createProgram } from '../../src/cli/program.js';
import { runCli } from '../helpers/cli.js';

describe('the command table', () => {
  it('names each module by the commands and aliases it registers', async () => {
    for (const entry of commands) {
      const program = createProgram();
      (await entry.load()).register(program, createApp());
      expect(program.commands.flatMap((c) => [c.name(), ...c.aliases()])).toEqual(entry.names);
    }
  });
});

describe('the command named on the command line', () => {
  const name = (...args: string[]) => commandName(createProgram(), args);
  it('comes after global options and their values', () => {
    expect(name('check', '--dir', 'x')).toBe('check');
    expect(name('--url', 'sqlite:a.db', '-d', 'upgrade', '--json', 'check')).toBe('check');
    expect(name('--url=sqlite:a.db', '--no-color', 'update')).toBe('update');
    expect(name('-s', 'check', 'status')).toBe('status');
  });
  it('is not guessed when a word before it is not understood', () => {
    expect(name('-vd', 'check', 'status')).toBeUndefined();
    expect(name('--bogus', 'check')).toBeUndefined();
    expect(name('--url')).toBeUndefined();
    expect(name()).toBeUndefined();
  });
});

describe('voipdb --version', () => {
  it("prints the package's version, answered before the command loads and by the command alike", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const args of [['--version'], ['-V'], ['--no-color', '--version']]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });
});
