// How catalog fields are shown in the form, where the catalog's API view reads badly: a
// second name for the same switch is not a second toggle, and a free-text field says what it
// takes. Pure; the values sent stay the catalog's own keys.
import type { FieldHint, ModelEntry } from '../../../../shared/catalog/types';

/** Two keys for one switch (Modelverse's async and sync names): the form shows the first. */
const SAME_SWITCH: readonly (readonly [shown: string, alias: string])[] = [
  ['prompt_extend', 'thinking_mode'],
];

/** Words for fields whose catalog label and help leave the user guessing. */
const PLAIN: Readonly<Record<string, Pick<FieldHint, 'label' | 'help'>>> = {
  prompt_extend: {
    label: 'Thinking mode (extend the prompt)',
    help: 'The model rewrites and extends the prompt before it generates: slower, often closer to what was meant.',
  },
  audio: {
    label: 'Audio for the video (URL)',
    help: 'Optional: the web address of an audio file (speech or music, wav or mp3) the video is made to go with. Leave empty for none.',
  },
};

/** Keys the form does not show (and does not send): the second name of a switch. */
export function hiddenKeys(entry: ModelEntry): ReadonlySet<string> {
  const keys = new Set(entry.fields.map((hint) => hint.key));
  return new Set(
    SAME_SWITCH.filter(([shown, alias]) => keys.has(shown) && keys.has(alias)).map(([, a]) => a),
  );
}

/** The parameter fields as the form draws them: no prompt or image field, no alias, plain words. */
export function displayFields(entry: ModelEntry): FieldHint[] {
  const hidden = hiddenKeys(entry);
  return entry.fields
    .filter(
      (hint) =>
        hint.key !== entry.promptField && hint.key !== entry.images?.field && !hidden.has(hint.key),
    )
    .map((hint) => {
      const plain = PLAIN[hint.key];
      // Only where the catalog's own words are the API's (free text, a raw switch name).
      if (plain === undefined || (hint.key === 'audio' && hint.control !== 'text')) return hint;
      return { ...hint, ...plain };
    });
}
