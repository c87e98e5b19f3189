import type { ReactNode } from 'react';
import Button from './button';
import Modal from './modal';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  /** The action, said as a verb ("Start 300 tasks", "Cancel batch"). */
  confirmLabel: string;
  /** The way out, said as what stays ("Keep running", "Not now"). */
  dismissLabel: string;
  tone?: 'primary' | 'danger';
  busy?: boolean;
  onConfirm: () => void;
  onDismiss: () => void;
  /** Test ids: the dialog, `${testId}-accept` and `${testId}-dismiss`. */
  testId: string;
}

/**
 * A question asked before something costly or hard to undo. The way out comes first, so
 * Enter right after it opens never spends money by accident.
 */
export default function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  dismissLabel,
  tone = 'primary',
  busy = false,
  onConfirm,
  onDismiss,
  testId,
}: ConfirmDialogProps) {
  return (
    <Modal
      open={open}
      title={title}
      onClose={onDismiss}
      testId={testId}
      footer={
        <>
          <Button onClick={onDismiss} data-testid={`${testId}-dismiss`} data-autofocus>
            {dismissLabel}
          </Button>
          <Button variant={tone} busy={busy} onClick={onConfirm} data-testid={`${testId}-accept`}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="confirm-body">{children}</div>
    </Modal>
  );
}
