// `genloom history [--db FILE] [--search TEXT] [--json]`: the outputs on disk, newest first,
// with the prompt and the model that made them. Opens the store only: no keys needed.
import { existsSync } from 'node:fs';
import { openStore } from '../../engine/store/index';
import { defaultDbFile, genloomHome } from '../../engine/paths';
import { EXIT_INVALID, EXIT_OK, defineCommand } from '../args';
import type { Command, FlagSpecs } from '../args';

const FLAGS: FlagSpecs = {
  db: {
    type: 'string',
    valueName: 'FILE',
    description: 'task database (default: <home>/genloom.db)',
  },
  search: {
    type: 'string',
    valueName: 'TEXT',
    description: 'words from prompts, file names or batch names',
  },
  limit: {
    type: 'string',
    valueName: 'N',
    description: 'how many outputs to list (1-500, default 50)',
  },
  json: {
    type: 'boolean',
    description: 'print {"items": [...], "total": n} as the last stdout line',
  },
};

function shorten(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export const historyCommand: Command = defineCommand({
  summary: 'list generated outputs, newest first, optionally searched',
  usage: 'genloom history [--db FILE] [--search TEXT] [--limit N] [--json]',
  flags: FLAGS,
  async run(args, io) {
    const rawLimit = args.strings.get('limit');
    const limit = rawLimit === undefined ? 50 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      io.err(`error: --limit: must be a whole number from 1 to 500 (got "${rawLimit}")`);
      return EXIT_INVALID;
    }
    const file = args.strings.get('db') ?? defaultDbFile(genloomHome());
    if (!existsSync(file)) {
      io.err(`error: --db: ${file} does not exist (no batch has been run with it yet)`);
      return EXIT_INVALID;
    }
    let store;
    try {
      store = openStore(file);
    } catch (err) {
      io.err(`error: --db ${file}: ${err instanceof Error ? err.message : String(err)}`);
      return EXIT_INVALID;
    }
    try {
      const search = args.strings.get('search');
      const page = store.history.search({ ...(search ? { text: search } : {}), limit });
      if (args.booleans.has('json')) {
        io.out(JSON.stringify({ items: page.items, total: page.total }));
        return EXIT_OK;
      }
      if (page.items.length === 0)
        io.err(search ? `no outputs match "${search}"` : 'no outputs yet');
      for (const item of page.items) {
        const when = new Date(item.createdAt).toISOString().replace('T', ' ').slice(0, 19);
        io.out(
          `${when}  ${item.provider}/${item.model}  ${item.path ?? '(no file)'}  ${shorten(item.prompt, 60)}`,
        );
      }
      if (page.total > page.items.length)
        io.err(`${page.items.length} of ${page.total} shown; use --limit or --search`);
      return EXIT_OK;
    } finally {
      store.close();
    }
  },
});
