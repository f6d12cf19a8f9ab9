// A small bar chart of one value per minute, drawn as SVG (no library, no canvas).
import { s } from './dom.js';

export function minuteChart({ label, startMs, values, kind }) {
  const width = 240;
  const height = 48;
  const max = Math.max(1, ...values);
  const step = width / values.length;
  const total = values.reduce((sum, value) => sum + value, 0);
  const bars = values.map((value, index) => {
    const barHeight = value === 0 ? 0 : Math.max(1.5, (value / max) * (height - 2));
    const minute = new Date(startMs + index * 60000).toISOString().slice(11, 16);
    return s('rect', {
      x: (index * step).toFixed(2),
      y: (height - barHeight).toFixed(2),
      width: Math.max(1, step - 1).toFixed(2),
      height: barHeight.toFixed(2),
      class: `bar ${kind}`,
    }, s('title', { text: `${minute} UTC: ${value} ${label}` }));
  });
  return s('svg', {
    class: 'chart',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${label} per minute over the last hour: ${total} in all`,
    'data-total': total,
  }, s('line', { x1: 0, y1: height - 0.5, x2: width, y2: height - 0.5, class: 'axis' }), bars);
}
