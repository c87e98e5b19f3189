import { useEffect, useRef, useState } from 'react';
import { IconUpload } from '../../../components/icons';
import { toast } from '../../../components/toast-store';
import { classifyDrop, dragHasFiles } from '../../../lib/drop';
import { resolveDrop } from '../../../lib/drop-files';
import { useBatch } from '../../batch/store';
import { useShell } from '../store';

/** Drops anywhere on the window: folders and images become inputs, a .txt/.csv the prompts. */
export default function DropOverlay() {
  const [visible, setVisible] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const enter = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth.current += 1;
      setVisible(true);
    };
    const over = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setVisible(false);
    };
    const drop = (event: DragEvent) => {
      depth.current = 0;
      setVisible(false);
      if (event.dataTransfer === null) return;
      event.preventDefault();
      // Called here, in the handler: it takes the dropped entries before the browser drops them.
      void resolveDrop(event.dataTransfer).then(({ paths, refused, uploaded }) => {
        for (const file of refused.slice(0, 3)) {
          toast('warn', `${file.name} not added`, file.reason);
        }
        if (paths.length === 0) {
          if (refused.length === 0) {
            toast('warn', 'Nothing to add', 'Drop folders or image files from your file manager.');
          }
          return;
        }
        useShell.getState().navigate('create');
        const batch = useBatch.getState();
        // Files a browser sent are stored copies: only images travel, never a prompt file.
        const kind = uploaded ? 'inputs' : classifyDrop(paths);
        if (kind === 'prompts-csv') batch.setPrompt({ mode: 'csv', file: paths[0] ?? '' });
        else if (kind === 'prompts-txt') batch.setPrompt({ mode: 'list', file: paths[0] ?? '' });
        else void batch.addPaths(paths);
      });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!visible) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <IconUpload size={32} />
        <strong>Drop folders or images to add them</strong>
        <span className="muted">A .txt or .csv becomes the prompt list.</span>
      </div>
    </div>
  );
}
