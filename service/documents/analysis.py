"""Which documented fields a parsed template uses, and every use that is not a documented field or has the wrong type.

Walks the Jinja syntax tree: a name bound by `{% for item in line_items %}` stands for an item of line_items,
so `item.nmae` is reported as an unknown field with `item.name` suggested. Names set inside the template
(`{% set %}`, macro arguments, tuple loops) are the template's own and are not checked.
"""

from dataclasses import dataclass, field

from jinja2 import nodes

from .fields import FIELDS, FLAG, GROUP, LIST, TEXT, children, suggest

LOCAL, LOOP = object(), object()
ELEMENT = "[]"
DESCRIBED = {TEXT: "text", FLAG: "a yes/no flag", GROUP: "a group of fields", LIST: "a list"}


@dataclass
class Analysis:
    """Paths of the fields used, and problems as (line number, message)."""

    used: set = field(default_factory=set)
    problems: list = field(default_factory=list)


def analyse(tree, *, fields=FIELDS, known_names=()):
    """The fields a parsed template (jinja2 nodes.Template) uses, and its problems."""
    walker = _Walker(fields, frozenset(known_names))
    walker.visit(tree, {})
    return walker.result


class _Walker:
    def __init__(self, fields, known_names):
        self.fields, self.known_names, self.result = fields, known_names, Analysis()

    def visit(self, node, scope):
        """Statements: loops and assignments bind names; output and expressions are checked."""
        if isinstance(node, nodes.For):
            return self._for(node, scope)
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expression(child, scope, "print")
            return None
        if isinstance(node, (nodes.Assign, nodes.AssignBlock, nodes.With, nodes.Macro, nodes.CallBlock)):
            return self._binding(node, scope)
        if isinstance(node, nodes.Expr):
            return self.expression(node, scope, "use")
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return None

    def _for(self, node, scope):
        path = self.expression(node.iter, scope, "iterate")
        inner = {**scope, "loop": LOOP}
        targets = [node.target] if isinstance(node.target, nodes.Name) else node.target.find_all(nodes.Name)
        for target in targets:
            inner[target.name] = path + ELEMENT if path and isinstance(node.target, nodes.Name) else LOCAL
        for child in (node.test, *node.body):
            if child is not None:
                self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)

    def _binding(self, node, scope):
        """{% set %}, {% with %}, macros and call blocks: the names they bind are the template's own."""
        bound = [name.name for name in node.find_all(nodes.Name) if name.ctx in ("store", "param")]
        bound += [node.name] if isinstance(node, nodes.Macro) else []
        if not isinstance(node, nodes.Assign):  # `{% set x = x.y %}` reads x before binding it
            scope.update(dict.fromkeys(bound, LOCAL))
        for child in node.iter_child_nodes():
            if not (isinstance(child, nodes.Name) and child.ctx in ("store", "param")):
                self.visit(child, scope)
        scope.update(dict.fromkeys(bound, LOCAL))

    def expression(self, node, scope, usage):
        """Checks a field reference (name.attr[...]) and returns its documented path, or None."""
        chain = _chain(node)
        if chain is None and isinstance(node, nodes.Getattr):
            self._problem(node.lineno, f"'.{node.attr}' reads a field of something that is not a documented field; "
                                       f"only the documented fields have fields")
        if chain is None:
            for child in node.iter_child_nodes():
                self.expression(child, scope, "use")
            return None
        root, parts, subscripts = chain
        for subscript in subscripts:
            self.expression(subscript, scope, "use")
        return self._check(root, parts, scope, node.lineno, usage)

    def _check(self, root, parts, scope, lineno, usage):
        base = scope.get(root, root if root in self.fields else None)
        if base is LOCAL or base is LOOP or (base is None and root in self.known_names):
            return None
        if base is None:
            return self._problem(lineno, _unknown(root, root, root, self.fields))
        path, written = base, root
        for part in parts:
            type_ = self._type(path)
            if type_ == LIST and part == ELEMENT:
                path, written = path + ELEMENT, written + "[...]"
                continue
            if type_ != GROUP or part == ELEMENT:
                return self._problem(lineno, _wrong_step(written, path, type_, part, self.fields))
            if f"{path}.{part}" not in self.fields:
                return self._problem(lineno, _unknown(f"{path}.{part}", f"{written}.{part}", written, self.fields))
            path, written = f"{path}.{part}", f"{written}.{part}"
        return self._use(path, written, lineno, usage)

    def _use(self, path, written, lineno, usage):
        type_ = self._type(path)
        if usage == "print" and type_ in (GROUP, LIST):
            example = children(path.removesuffix(ELEMENT), fields=self.fields)[0].rsplit(".", 1)[1]
            return self._problem(lineno, f"'{written}' is {DESCRIBED[type_]} and cannot be printed; "
                                         f"print one of its fields, e.g. {written}.{example}"
                                 if type_ == GROUP else
                                 f"'{written}' is a list and cannot be printed; loop over it: "
                                 f"{{%tr for item in {written} %}} ... {{{{ item.{example} }}}}")
        if usage == "iterate" and type_ != LIST:
            lists = " or ".join(p for p, f in self.fields.items() if f.type == LIST)
            return self._problem(lineno, f"'{written}' is {DESCRIBED[type_]}, not a list: "
                                         f"only {lists} can be looped over")
        self.result.used.add(path)
        return path

    def _type(self, path):
        return GROUP if path.endswith(ELEMENT) else self.fields[path].type

    def _problem(self, lineno, message):
        self.result.problems.append((lineno, message))
        return None


def _unknown(path, written, written_parent, fields):
    """"unknown field 'contract.amout'; did you mean contract.amount?" in the template's own names."""
    guess = suggest(path, fields=fields)
    if guess is None:
        return f"unknown field '{written}'"
    written_guess = guess if "." not in written else f"{written_parent}.{guess.rsplit('.', 1)[1]}"
    return f"unknown field '{written}'; did you mean {written_guess}?"


def _wrong_step(written, path, type_, part, fields):
    if type_ == LIST:
        return (f"'{written}' is a list; loop over it ({{%tr for item in {written} %}}) "
                f"and use the item's fields, e.g. item.{part}")
    if part == ELEMENT:
        return f"'{written}' is {DESCRIBED[type_]}, not a list; it cannot be indexed"
    return f"'{written}' is {DESCRIBED[type_]}; it has no field '{part}'"


def _chain(node):
    """(root name, [attribute or '[]' ...], [non-constant subscripts]) of name.attr['key'][i], or None."""
    parts, subscripts = [], []
    while True:
        if isinstance(node, nodes.Name):
            return node.name, parts[::-1], subscripts
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node, nodes.Getitem):
            key = node.arg
            if isinstance(key, nodes.Const) and isinstance(key.value, str):
                parts.append(key.value)
            else:
                parts.append(ELEMENT)
                subscripts.append(key)
        else:
            return None
        node = node.node
