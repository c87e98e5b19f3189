// `genloom models [--json]`: every provider/model with its parameters.
import { CATALOG, describeModel } from '../../../shared/catalog/index';
import type { ModelInfo } from '../../../shared/catalog/index';
import { PROVIDER_IDS } from '../../../shared/catalog/types';
import type { FieldHint } from '../../../shared/catalog/types';
import { EXIT_OK, defineCommand } from '../args';
import type { CliIo, Command, FlagSpecs } from '../args';

const FLAGS: FlagSpecs = {
  json: { type: 'boolean', description: 'print one JSON array instead of text' },
};

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return min === max ? `${min}` : `${min}-${max}`;
  if (max !== undefined) return `at most ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return '';
}

/** "whole number 1-4", "text, at most 5000 characters", "480p | 720p | 1080p". */
function describeType(field: FieldHint): string {
  const span = range(field.min, field.max);
  switch (field.control) {
    case 'textarea':
    case 'text':
      return span ? `text, ${span} characters` : 'text';
    case 'integer':
      return span ? `whole number ${span}` : 'whole number';
    case 'number':
      return span ? `number ${span}` : 'number';
    case 'boolean':
      return 'true | false';
    case 'select':
      return (field.options ?? []).join(' | ');
    case 'size':
      return `size: ${(field.options ?? []).join(' | ')} or custom`;
    case 'images':
      return `${span || 'any number of'} image${field.max === 1 ? '' : 's'} (URL, data URL or file)`;
    case 'json':
      return 'JSON';
  }
}

function describeField(field: FieldHint): string {
  const parts = [describeType(field)];
  if (field.required) parts.push('required');
  if (field.default !== undefined) parts.push(`default ${JSON.stringify(field.default)}`);
  const help = field.help ? ` - ${field.help}` : '';
  return `${parts.join('; ')}${help}`;
}

function printText(models: readonly ModelInfo[], io: CliIo): void {
  for (const provider of PROVIDER_IDS) {
    const group = models.filter((model) => model.provider === provider);
    if (group.length === 0) continue;
    io.out(`${provider}:`);
    for (const model of group) {
      io.out(`  ${model.id}  ${model.title} (${model.kind})`);
      io.out(`    ${model.summary}`);
      io.out(`    price: ${model.price}`);
      const width = Math.max(...model.fields.map((field) => field.key.length));
      for (const field of model.fields) {
        io.out(`    ${field.key.padEnd(width)}  ${describeField(field)}`);
      }
    }
    io.out('');
  }
}

export const modelsCommand: Command = defineCommand({
  summary: 'list every provider/model with its parameters',
  usage: 'genloom models [--json]',
  flags: FLAGS,
  async run(args, io) {
    const models = CATALOG.map(describeModel);
    if (args.booleans.has('json')) {
      io.out(JSON.stringify(models, null, 2));
    } else {
      printText(models, io);
    }
    return EXIT_OK;
  },
});
