import { useEffect } from 'react';
import { useToasts } from './toast-store';
import type { ToastItem } from './toast-store';

const LIFETIME_MS = 5000;

function ToastView({ item }: { item: ToastItem }) {
  const dismiss = useToasts((state) => state.dismiss);
  useEffect(() => {
    // Errors stay until dismissed: the user may need to read them twice.
    if (item.tone === 'danger') return undefined;
    const timer = window.setTimeout(() => dismiss(item.id), LIFETIME_MS);
    return () => window.clearTimeout(timer);
  }, [dismiss, item.id, item.tone]);
  return (
    <div className={`toast toast-${item.tone}`} role="status" data-testid="toast">
      <div className="toast-text">
        <strong>{item.title}</strong>
        {item.detail !== undefined && <span className="muted">{item.detail}</span>}
      </div>
      <button
        type="button"
        className="icon-btn"
        aria-label="Dismiss notification"
        onClick={() => dismiss(item.id)}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
    </div>
  );
}

export default function Toaster() {
  const items = useToasts((state) => state.items);
  return (
    <div className="toaster" aria-live="polite">
      {items.map((item) => (
        <ToastView key={item.id} item={item} />
      ))}
    </div>
  );
}
