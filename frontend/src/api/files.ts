// How bundle files reach the disk: the native save/open dialogs of the
// desktop window (the Go-side main.Desktop binding), or a download and a
// file upload in a browser. Nothing outside src/api knows which.
import type { BundleFile, ExportRequest } from './types';

interface DesktopBinding {
  SaveBundle(req: ExportRequest): Promise<string>;
  OpenBundle(): Promise<string>;
}

function desktop(): DesktopBinding | null {
  const w = window as unknown as { go?: { main?: { Desktop?: DesktopBinding } } };
  return w.go?.main?.Desktop ?? null;
}

/** base64ToBytes decodes standard base64. */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** bytesToBase64 encodes standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * saveBundleFile saves an exported bundle: in the desktop window the
 * service builds and writes it where the save dialog says (resolving to the
 * path, "" when cancelled); in a browser build() is called and the result
 * downloaded (resolving to the file name).
 */
export async function saveBundleFile(req: ExportRequest, build: () => Promise<BundleFile>): Promise<string> {
  const d = desktop();
  if (d) return d.SaveBundle(req);
  const file = await build();
  downloadBlob(new Blob([base64ToBytes(file.dataBase64) as BlobPart], { type: 'application/zip' }), file.fileName);
  return file.fileName;
}

/** downloadBlob makes the browser download blob as fileName. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * openBundleFile lets the person pick a bundle and resolves to its bytes as
 * base64, "" when cancelled. In a browser, pass the file of an
 * <input type=file>; the desktop window shows the open dialog instead.
 */
export async function openBundleFile(file?: File): Promise<string> {
  const d = desktop();
  if (d && !file) return d.OpenBundle();
  if (!file) return '';
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** hasNativeDialogs says whether the desktop dialogs are available. */
export function hasNativeDialogs(): boolean {
  return desktop() !== null;
}
