// Builds DOM nodes without innerHTML, so text from Redis is never parsed as markup.
const SVG = 'http://www.w3.org/2000/svg';

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'text') {
      element.textContent = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function h(tag, attributes, ...children) {
  return build(document.createElement(tag), attributes, children);
}

export function s(tag, attributes, ...children) {
  return build(document.createElementNS(SVG, tag), attributes, children);
}

export function ago(epochMs, now = Date.now()) {
  if (!epochMs) {
    return '–';
  }
  const seconds = Math.round((now - epochMs) / 1000);
  if (seconds < 60) {
    return `${Math.max(seconds, 0)} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function until(epochMs, now = Date.now()) {
  if (!epochMs) {
    return '–';
  }
  const seconds = Math.round((epochMs - now) / 1000);
  if (seconds <= 0) {
    return 'due';
  }
  if (seconds < 60) {
    return `in ${seconds} s`;
  }
  if (seconds < 3600) {
    return `in ${Math.floor(seconds / 60)} min`;
  }
  if (seconds < 86400) {
    return `in ${Math.floor(seconds / 3600)} h`;
  }
  return `in ${Math.floor(seconds / 86400)} d`;
}

export function time(epochMs) {
  return epochMs ? new Date(epochMs).toISOString().replace('T', ' ').replace('Z', ' UTC') : '–';
}

export function number(value) {
  return Number(value).toLocaleString('en-US');
}
