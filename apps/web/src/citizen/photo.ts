/**
 * A phone's photo made small before it leaves the phone: at most 1600 px on its longer side, JPEG at
 * 0.8 (a 12-megapixel picture of 4 MB becomes ~300 kB), turned upright as the camera held it. On a slow
 * network that is the difference between sending and giving up.
 */

export const MAX_SIDE = 1600;
export const QUALITY = 0.8;

async function decode(file: Blob): Promise<{ image: CanvasImageSource; width: number; height: number }> {
  if ('createImageBitmap' in window) {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { image: bitmap, width: bitmap.width, height: bitmap.height };
    } catch {
      // Some browsers refuse the options or the format; the <img> element below reads what they show.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { image: img, width: img.naturalWidth, height: img.naturalHeight };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The photo as a JPEG of at most MAX_SIDE pixels; throws when the file is no picture the browser can read. */
export async function resizePhoto(file: Blob): Promise<Blob> {
  const { image, width, height } = await decode(file);
  const k = Math.min(1, MAX_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * k));
  canvas.height = Math.max(1, Math.round(height * k));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  // JPEG has no transparency: a PNG's transparent parts become white, not black.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  if ('close' in image && typeof image.close === 'function') image.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no JPEG'))), 'image/jpeg', QUALITY),
  );
}
