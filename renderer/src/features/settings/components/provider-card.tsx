import type { ProviderStatus } from '../../../../../shared/ipc/views';
import Badge from '../../../components/badge';
import Button from '../../../components/button';
import Field, { fieldControlProps } from '../../../components/field';
import { IconKey } from '../../../components/icons';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { sentence } from '../../../lib/format';
import { canClearKey, keyBadge, keyHint, keyWarning } from '../key-words';
import { baseUrlHint } from '../selectors';
import { useSettings } from '../store';

export default function ProviderCard({ status }: { status: ProviderStatus }) {
  const { provider } = status;
  const draft = useSettings((state) => state.keyDrafts[provider]) ?? { key: '', baseUrl: '' };
  const keyError = useSettings((state) => state.keyErrors[`${provider}.key`]);
  const urlError = useSettings((state) => state.keyErrors[`${provider}.baseUrl`]);
  const result = useSettings((state) => state.keyResults[provider]);
  const busy = useSettings((state) => state.busy);
  const { editKey, saveKey, saveBaseUrl, testKey, clearKey } = useSettings.getState();
  const badge = keyBadge(status);
  const warning = keyWarning(status);
  const keyId = `key-${provider}`;
  const urlId = `base-url-${provider}`;

  return (
    <div className="provider-card" data-testid={`provider-${provider}`}>
      <div className="row">
        <span className="provider-mark" aria-hidden="true">
          <IconKey />
        </span>
        <strong>{PROVIDER_LABELS[provider]}</strong>
        <Badge tone={badge.tone} data-testid={`provider-${provider}-status`}>
          {badge.text}
        </Badge>
        <span className="spacer" />
        <span className="mono subtle truncate" title="Base URL in use">
          {status.baseUrl}
        </span>
      </div>
      {status.note && (
        // Demo mode is information, anything else (a key that cannot be read) is a warning.
        <p className={status.source === 'demo' ? 'muted' : 'warn-text'}>{sentence(status.note)}</p>
      )}
      {warning && (
        <p className="warn-text" data-testid={`provider-${provider}-warning`}>
          {warning}
        </p>
      )}
      <div className="grid-2">
        <Field id={keyId} label="API key" error={keyError} hint={keyHint(status)}>
          <input
            {...fieldControlProps(keyId, keyError)}
            className="input mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={canClearKey(status) ? '••••••••••••' : 'Paste the key'}
            value={draft.key}
            data-testid={`provider-${provider}-key`}
            onChange={(event) => editKey(provider, { key: event.target.value })}
          />
        </Field>
        <Field id={urlId} label="Base URL" error={urlError} hint={baseUrlHint(status)}>
          <div className="row">
            <input
              {...fieldControlProps(urlId, urlError)}
              className="input mono"
              placeholder={status.baseUrl}
              value={draft.baseUrl}
              data-testid={`provider-${provider}-url`}
              onChange={(event) => editKey(provider, { baseUrl: event.target.value })}
              onKeyDown={(event) => {
                if (event.key === 'Enter') void saveBaseUrl(provider);
              }}
            />
            <Button
              size="sm"
              busy={busy[`${provider}:url`]}
              onClick={() => void saveBaseUrl(provider)}
              data-testid={`provider-${provider}-url-save`}
            >
              {draft.baseUrl.trim() === '' ? 'Use default' : 'Save URL'}
            </Button>
          </div>
        </Field>
      </div>
      <div className="row">
        <Button
          variant="primary"
          size="sm"
          busy={busy[`${provider}:save`]}
          disabled={draft.key === ''}
          onClick={() => void saveKey(provider)}
          data-testid={`provider-${provider}-save`}
        >
          Save key
        </Button>
        <Button
          size="sm"
          busy={busy[`${provider}:test`]}
          disabled={!status.configured && draft.key === ''}
          onClick={() => void testKey(provider)}
          data-testid={`provider-${provider}-test`}
        >
          Test
        </Button>
        {canClearKey(status) && (
          <Button
            size="sm"
            variant="ghost"
            busy={busy[`${provider}:clear`]}
            onClick={() => void clearKey(provider)}
            data-testid={`provider-${provider}-clear`}
          >
            Clear
          </Button>
        )}
        {result && (
          <span
            className={`key-result ${result.tone}-text`}
            role="status"
            data-testid={`provider-${provider}-result`}
          >
            {result.message}
          </span>
        )}
      </div>
    </div>
  );
}
