import { useEffect, useState } from 'react';
import type { Output } from '../../../../../shared/ipc/contract';
import type { OutputDetail } from '../../../../../shared/ipc/views';
import Button from '../../../components/button';
import Modal from '../../../components/modal';
import { formatMoney, plural } from '../../../lib/format';
import { request } from '../../../lib/request';
import { useShell } from '../../shell/store';
import { rerunSpec } from '../selectors';

type DryRun = Output<'batch.dryRun'>;

/** Re-running costs money: the dry run is shown before anything is submitted. */
export default function RerunModal({
  detail,
  open,
  onClose,
}: {
  detail: OutputDetail;
  open: boolean;
  onClose: () => void;
}) {
  const [dry, setDry] = useState<DryRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const navigate = useShell((state) => state.navigate);

  useEffect(() => {
    if (!open) return undefined;
    let live = true;
    void request('batch.dryRun', { spec: rerunSpec(detail) }).then((result) => {
      if (!live) return;
      if (result.ok) setDry(result.value);
      else
        setError(
          result.issues.length > 0
            ? result.issues.map((i) => `${i.field}: ${i.message}`).join('; ')
            : result.message,
        );
    });
    return () => {
      live = false;
    };
  }, [open, detail]);

  const start = async () => {
    setStarting(true);
    const result = await request('batch.create', { spec: rerunSpec(detail) });
    setStarting(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    onClose();
    navigate('queue', result.value.batchId);
  };

  return (
    <Modal
      open={open}
      title="Re-run with the same parameters"
      onClose={onClose}
      testId="rerun-modal"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            busy={starting}
            disabled={dry === null || dry.issues.length > 0}
            onClick={() => void start()}
            data-testid="rerun-start"
          >
            Start {dry ? plural(dry.tasks, 'task') : ''}
          </Button>
        </>
      }
    >
      <p className="muted">
        Same model, parameters, prompt and seed as this output, into the same output folder.
      </p>
      {dry && (
        <p className="rerun-figures" data-testid="rerun-estimate">
          <strong className="num">{plural(dry.tasks, 'task')}</strong> · estimated{' '}
          <strong className="num">{formatMoney(dry.estimatedCost, dry.currency)}</strong>
        </p>
      )}
      {dry?.issues.map((issue) => (
        <p key={issue.field + issue.message} className="field-error">
          {issue.field}: {issue.message}
        </p>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!dry && !error && <p className="subtle">Counting…</p>}
    </Modal>
  );
}
