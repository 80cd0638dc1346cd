// Zoom a diagram to fit its canvas, leaving room on the left for the modeler's palette.

/** Fit the whole diagram with margins in screen pixels; never enlarge it past 100 %. */
export function fitDiagram(canvas, { left = 24, top = 24, right = 24, bottom = 24 } = {}) {
  canvas.resized();
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height || !outer.width || !outer.height) {
    return;
  }
  const scale = Math.min(1, (outer.width - left - right) / inner.width, (outer.height - top - bottom) / inner.height);
  if (scale <= 0) {
    canvas.zoom('fit-viewport', 'auto');
    return;
  }
  const width = outer.width / scale;
  const height = outer.height / scale;
  const spareX = width - inner.width - (left + right) / scale;
  const spareY = height - inner.height - (top + bottom) / scale;
  canvas.viewbox({
    x: inner.x - left / scale - Math.max(0, spareX) / 2,
    y: inner.y - top / scale - Math.max(0, spareY) / 2,
    width,
    height,
  });
}
