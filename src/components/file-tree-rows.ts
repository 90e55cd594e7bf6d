// The file tree as rows: folders first, then files, indented by depth, a chain of single folders shown as one row
// (VS Code's compact folders, so `app/api/hello` does not cost three rows), collapsed folders without their rows.

export type TreeRow =
  /** `path` ends with `/`; `label` is the chain of folders the row stands for (`app/api`). */
  | { kind: 'dir'; path: string; label: string; depth: number; open: boolean }
  | { kind: 'file'; path: string; name: string; depth: number };

interface Folder {
  dirs: Map<string, Folder>;
  files: string[];
}

export function treeRows(paths: Iterable<string>, collapsed: ReadonlySet<string>): TreeRow[] {
  const root: Folder = { dirs: new Map(), files: [] };
  for (const path of paths) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.dirs.get(part);
      if (!next) folder.dirs.set(part, (next = { dirs: new Map(), files: [] }));
      folder = next;
    }
    folder.files.push(path);
  }
  const rows: TreeRow[] = [];
  const walk = (folder: Folder, prefix: string, depth: number) => {
    for (const name of [...folder.dirs.keys()].sort()) {
      let dir = folder.dirs.get(name)!;
      let label = name;
      while (dir.files.length === 0 && dir.dirs.size === 1) {
        const [[inner, only]] = dir.dirs;
        label += '/' + inner;
        dir = only;
      }
      const path = prefix + label + '/';
      const open = !collapsed.has(path);
      rows.push({ kind: 'dir', path, label, depth, open });
      if (open) walk(dir, path, depth + 1);
    }
    for (const path of folder.files.sort()) rows.push({ kind: 'file', path, name: path.slice(prefix.length), depth });
  };
  walk(root, '', 0);
  return rows;
}
