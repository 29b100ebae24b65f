'use strict';
// Source positions for HCL bodies.
//
// @cdktf/hcl2json turns a file into JSON but keeps no positions, and its JSON cannot tell an
// attribute holding a list of objects from a repeated block. This module scans the native HCL
// text (comments, strings with ${...} templates, heredocs, brackets) just far enough to know,
// for every body, which names are attributes (with their first and last line) and which are
// blocks (with their type, labels, line and body), in source order. hcl2json still does the
// real parsing: this scan only runs on files it accepted.

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function tokenize(text) {
  const tokens = [];
  const n = text.length;
  let i = 0;

  // Skips a quoted string starting at text[i] === '"'; returns the index after it.
  function skipString(pos) {
    let j = pos + 1;
    while (j < n) {
      const c = text[j];
      if (c === '\\') { j += 2; continue; }
      if (c === '"') return j + 1;
      if ((c === '$' || c === '%') && text[j + 1] === '{') { j = skipTemplateExpr(j + 2); continue; }
      if (c === '\n') return j; // unterminated: hcl2json reports it
      j++;
    }
    return j;
  }

  // Skips the inside of ${ ... } up to and including its closing brace.
  function skipTemplateExpr(pos) {
    let depth = 1;
    let j = pos;
    while (j < n && depth > 0) {
      const c = text[j];
      if (c === '"') { j = skipString(j); continue; }
      if (c === '{') depth++;
      else if (c === '}') depth--;
      j++;
    }
    return j;
  }

  while (i < n) {
    const c = text[i];
    if (c === '\n') { tokens.push({ t: 'nl', pos: i }); i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === '"') {
      const end = skipString(i);
      tokens.push({ t: 'str', pos: i, end: end - 1, value: text.slice(i + 1, end - 1) });
      i = end;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        const marker = m[1];
        let j = i + m[0].length;
        const closing = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`);
        for (;;) {
          const eol = text.indexOf('\n', j);
          const line = text.slice(j, eol < 0 ? n : eol);
          if (closing.test(line)) { j += line.length; break; }
          if (eol < 0) { j = n; break; }
          j = eol + 1;
        }
        tokens.push({ t: 'heredoc', pos: i, end: j - 1 });
        i = j;
        continue;
      }
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w-]/.test(text[j])) j++;
      tokens.push({ t: 'ident', pos: i, value: text.slice(i, j) });
      i = j;
      continue;
    }
    if ('{}[]()'.includes(c)) { tokens.push({ t: c, pos: i }); i++; continue; }
    if (c === '=' && !'=>'.includes(text[i + 1]) && !'=!<>'.includes(text[i - 1])) {
      tokens.push({ t: '=', pos: i });
      i++;
      continue;
    }
    tokens.push({ t: 'op', pos: i });
    i++;
  }
  return tokens;
}

// Returns the root body of `text`: { attrs: {name: {line, endLine}}, blocks: [{type, labels, line, body}] }.
function locate(text) {
  const starts = lineStarts(text);
  const lineOf = (pos) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
  const tokens = tokenize(text);
  let k = 0;

  function skipExpression() {
    let depth = 0;
    let last = k;
    while (k < tokens.length) {
      const tok = tokens[k];
      if (depth === 0 && (tok.t === 'nl' || tok.t === '}')) break;
      if (tok.t === '{' || tok.t === '[' || tok.t === '(') depth++;
      else if (tok.t === '}' || tok.t === ']' || tok.t === ')') depth--;
      last = k;
      k++;
    }
    return tokens[last];
  }

  function parseBody() {
    const body = { attrs: {}, blocks: [] };
    while (k < tokens.length) {
      const tok = tokens[k];
      if (tok.t === 'nl') { k++; continue; }
      if (tok.t === '}') { k++; return body; }
      if (tok.t !== 'ident') { k++; continue; }
      const name = tok.value;
      const line = lineOf(tok.pos);
      k++;
      if (tokens[k] && tokens[k].t === '=') {
        k++;
        const lastTok = skipExpression();
        const endPos = lastTok ? (lastTok.end !== undefined ? lastTok.end : lastTok.pos) : tok.pos;
        body.attrs[name] = { line, endLine: lineOf(endPos) };
        continue;
      }
      const labels = [];
      while (k < tokens.length && (tokens[k].t === 'str' || tokens[k].t === 'ident')) {
        labels.push(tokens[k].value);
        k++;
      }
      if (tokens[k] && tokens[k].t === '{') {
        k++;
        const inner = parseBody();
        inner.line = line;
        body.blocks.push({ type: name, labels, line, body: inner });
      }
    }
    return body;
  }

  return parseBody();
}

module.exports = { locate };
