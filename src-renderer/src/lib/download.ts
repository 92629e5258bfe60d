/** Saves an exported file through the browser's download (the desktop app shows its save dialog). */
import type { ExportResult } from '../../../src-main/api/schemas';
import { base64ToBytes } from './base64';

export function downloadFile(file: ExportResult): void {
  const bytes = base64ToBytes(file.base64);
  const url = URL.createObjectURL(new Blob([bytes.buffer as ArrayBuffer], { type: file.mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
