// A drag handle between two panels; also moves with the arrow keys when focused.

import type { KeyboardEvent, PointerEvent } from 'react';

interface Props {
  readonly orientation: 'vertical' | 'horizontal';
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  /** +1 when dragging right/down grows the panel, -1 when it shrinks it. */
  readonly direction: 1 | -1;
  readonly onChange: (value: number) => void;
  /** The grid area it sits in. */
  readonly area: string;
}

export function Splitter({ orientation, label, value, min, max, direction, onChange, area }: Props) {
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const start = orientation === 'vertical' ? e.clientX : e.clientY;
    const startValue = value;
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const now = orientation === 'vertical' ? ev.clientX : ev.clientY;
      onChange(clamp(startValue + direction * (now - start)));
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const grow = orientation === 'vertical' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
    const step = e.shiftKey ? 60 : 16;
    if (e.key === grow[0]) onChange(clamp(value + direction * step));
    else if (e.key === grow[1]) onChange(clamp(value - direction * step));
    else return;
    e.preventDefault();
  };
  return (
    <div className={`splitter splitter-${orientation}`} role="separator" aria-orientation={orientation} aria-label={label}
      aria-valuenow={Math.round(value)} aria-valuemin={min} aria-valuemax={max} tabIndex={0}
      style={{ gridArea: area }} onPointerDown={onPointerDown} onKeyDown={onKeyDown} />
  );
}
