/** A location inside the flow document: keys and array indexes, e.g. ['steps', 2, 'when', 0, 'steps', 0]. */
export type Path = (string | number)[];

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Formats a path the way the API does: `steps[2].when[0].steps[0]`, map keys as `.key`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Parses `steps[2].when[0].steps[0]` (also `a["odd key"]`) back into segments. */
export function parsePath(text: string): Path {
  const out: Path = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

/** True when `prefix` is `path` or one of its ancestors. */
export function isPrefix(prefix: Path, path: Path): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((seg, i) => seg === path[i]);
}

/**
 * The node a problem belongs to: the longest step path that is a prefix of the problem's path
 * (`steps[1].retry.maxAttempts` → `steps[1]`), `trigger` for trigger fields, or null for flow-level ones.
 */
export function pathToNode(problemPath: string, stepPaths: Iterable<string>): string | null {
  const target = parsePath(problemPath);
  let best: Path | null = null;
  for (const id of stepPaths) {
    const p = parsePath(id);
    if (isPrefix(p, target) && (best === null || p.length > best.length)) best = p;
  }
  if (best) return formatPath(best);
  if (target[0] === 'trigger') return 'trigger';
  return null;
}
