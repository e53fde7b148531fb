// Fit that keeps cards readable: the whole pipeline when it fits at a readable zoom, else the
// readable zoom from the pipeline's start (sources are on the left) and the rest a scroll away
// (the canvas pans on the mouse wheel).

import type { ReactFlowInstance } from '@xyflow/react';

/** Below this zoom a card's 12-13 px text drops under ~10 px on screen. */
export const READABLE_ZOOM = 0.8;
const MAX_FIT_ZOOM = 1.1;
const PAD = 40;

export function fitReadable(flow: ReactFlowInstance, duration = 0): void {
  const nodes = flow.getNodes();
  const box = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
  if (nodes.length === 0 || !box) {
    void flow.setViewport({ x: 0, y: 0, zoom: 1 }, { duration });
    return;
  }
  const b = flow.getNodesBounds(nodes);
  const fit = Math.min((box.width - 2 * PAD) / b.width, (box.height - 2 * PAD) / b.height, MAX_FIT_ZOOM);
  if (fit >= READABLE_ZOOM) {
    void flow.fitView({ padding: 0.15, maxZoom: MAX_FIT_ZOOM, duration });
    return;
  }
  const zoom = READABLE_ZOOM;
  const x = PAD - b.x * zoom;
  const y = b.height * zoom <= box.height - 2 * PAD ? (box.height - b.height * zoom) / 2 - b.y * zoom : PAD - b.y * zoom;
  void flow.setViewport({ x, y, zoom }, { duration });
}
