import Button from '../../../components/button';
import { useSettings } from '../../settings/store';
import { useShell } from '../../shell/store';
import { clearDraft } from '../draft-persistence';
import { useBatch } from '../store';

/** The form is kept across reloads; this empties it (and forgets the saved copy). */
export default function DraftClear() {
  const home = useShell((state) => state.info?.home ?? null);
  const settings = useSettings((state) => state.settings);
  const applyDefaults = useBatch((state) => state.applyDefaults);
  return (
    <div className="row draft-bar">
      <span className="subtle">Kept if you reload.</span>
      <Button
        size="sm"
        variant="ghost"
        title="Empty the form: inputs, prompt, parameters, output and budget"
        data-testid="draft-clear"
        onClick={() => {
          clearDraft(home);
          if (settings) {
            applyDefaults({
              dir: settings.outputDir,
              template: settings.template,
              collision: settings.collision,
              budget: settings.defaultBudget,
            });
          }
        }}
      >
        Clear form
      </Button>
    </div>
  );
}
