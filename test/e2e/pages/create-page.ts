// The batch builder as a user sees it: inputs, model, prompt, parameters, dry run, start.
import type { Locator, Page } from '@playwright/test';

export class CreatePage {
  constructor(readonly page: Page) {}

  get thumbs(): Locator {
    return this.page.getByTestId('input-thumb');
  }
  get problemBadges(): Locator {
    return this.page.getByTestId('input-thumb-problem');
  }
  get dryRunTasks(): Locator {
    return this.page.getByTestId('dry-run-tasks');
  }
  get dryRunCost(): Locator {
    return this.page.getByTestId('dry-run-cost');
  }

  async typeFolder(folder: string): Promise<void> {
    await this.page.getByTestId('input-path').fill(folder);
    await this.page.getByTestId('input-path-add').click();
  }

  async chooseProvider(provider: 'poyo' | 'apixo' | 'modelverse'): Promise<void> {
    await this.page.getByTestId(`provider-picker-${provider}`).click();
  }

  async chooseModel(model: string): Promise<void> {
    await this.page.getByTestId('model-picker').selectOption(model);
  }

  async typePrompt(text: string): Promise<void> {
    await this.page.getByTestId('prompt-input').fill(text);
  }

  param(key: string): Locator {
    return this.page.getByTestId(`param-${key}-input`);
  }

  paramError(key: string): Locator {
    return this.page.getByTestId(`param-${key}-error`);
  }

  async setParam(key: string, value: string): Promise<void> {
    await this.param(key).fill(value);
  }

  get presetPicker(): Locator {
    return this.page.getByTestId('preset-picker');
  }

  get presetEdited(): Locator {
    return this.page.getByTestId('preset-modified');
  }

  get presetNote(): Locator {
    return this.page.getByTestId('preset-note');
  }

  /** Saves the current parameters under a name, as a user does: button, name, Enter. */
  async savePreset(name: string): Promise<void> {
    await this.page.getByTestId('preset-save').click();
    await this.page.getByTestId('preset-name-input').fill(name);
    await this.page.getByTestId('preset-name-input').press('Enter');
    await this.page.getByTestId('preset-name-input').waitFor({ state: 'detached' });
  }

  async choosePreset(name: string): Promise<void> {
    await this.presetPicker.selectOption({ label: name });
  }

  get prompt(): Locator {
    return this.page.getByTestId('prompt-input');
  }

  async setBudget(value: string): Promise<void> {
    await this.page.getByTestId('budget-input').fill(value);
  }

  async setSeeds(value: string): Promise<void> {
    await this.page.getByTestId('seeds-input').fill(value);
  }

  async choosePromptMode(mode: 'text' | 'lines' | 'list' | 'csv' | 'sidecar'): Promise<void> {
    await this.page.getByTestId(`prompt-mode-${mode}`).click();
  }

  get promptError(): Locator {
    return this.page.getByTestId('prompt-error');
  }

  get promptFileError(): Locator {
    return this.page.getByTestId('prompt-file-error');
  }

  get dryRunIssues(): Locator {
    return this.page.getByTestId('dry-run');
  }

  get advanced(): Locator {
    return this.page.getByTestId('params-advanced-section');
  }

  /** The question asked before a batch above the spend threshold starts. */
  get spendDialog(): Locator {
    return this.page.getByTestId('spend-confirm');
  }

  /** The output folder field, its refusal in words, and the reason Start is off. */
  get outputDir(): Locator {
    return this.page.getByTestId('output-dir-input');
  }
  get outputDirError(): Locator {
    return this.page.getByTestId('output-dir-error');
  }
  get startBlocked(): Locator {
    return this.page.getByTestId('start-blocked');
  }

  /** The path the first file gets, as the Output section shows it. */
  get namingExample(): Locator {
    return this.page.getByTestId('naming-example-path');
  }

  async setName(name: string): Promise<void> {
    await this.page.getByTestId('batch-name-input').fill(name);
  }

  /** Empties the whole form (it is kept across reloads otherwise). */
  async clearForm(): Promise<void> {
    await this.page.getByTestId('draft-clear').click();
  }

  get startButton(): Locator {
    return this.page.getByTestId('start-batch');
  }

  async start(): Promise<void> {
    await this.page.getByTestId('start-batch').click();
  }
}
