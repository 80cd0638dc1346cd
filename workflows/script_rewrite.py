"""Rewrite a checked script so that the operations the sandbox guards go through their checks first.

`a ** b` becomes `_guard_pow(line, a, b)`, `f(x)` becomes `_guard_call(line, f, x)`, and so on. The
guards are put into every script's globals under names that start with '_', which scripts may not
write, so a script can neither call them nor shadow them. Operations that cannot grow a value (an
addition with a constant, `x * 0.5`, comparisons with a constant) are left as they are. Every except
and finally block starts by asking whether the script was stopped (script_limits.stopped).
"""

import ast

from . import script_calls, script_limits, script_operators

GUARDS = {
    "_guard_pow": script_operators.power,
    "_guard_mul": script_operators.multiply,
    "_guard_add": script_operators.add,
    "_guard_lshift": script_operators.lshift,
    "_guard_mod": script_operators.modulo,
    "_guard_inplace": script_operators.inplace,
    "_guard_inplace_item": script_operators.inplace_item,
    "_guard_inplace_attribute": script_operators.inplace_attribute,
    "_guard_value": script_limits.value,
    "_guard_compare": script_limits.compare,
    "_guard_items": script_limits.items,
    "_guard_format": script_operators.format_value,
    "_guard_call": script_calls.call,
    "_guard_slice": slice,
    "_guard_stopped": script_limits.stopped,
    "_guard_type": type,
    "_guard_containers": script_limits.CONTAINERS,
}
TEMPORARY = frozenset({"_guard_key"})  # a name the rewritten script assigns: never a variable of the task
_COMPARISONS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
                ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not"}
_OPERATORS = {ast.Pow: ("**", "_guard_pow"), ast.Mult: ("*", "_guard_mul"), ast.Add: ("+", "_guard_add"),
              ast.LShift: ("<<", "_guard_lshift"), ast.Mod: ("%", "_guard_mod")}


def guard(tree):
    """Rewrite tree (from ast.parse, already checked) in place and return it."""
    return ast.fix_missing_locations(_Guard().visit(tree))


def _guarded(name, node, *args):
    call = ast.Call(func=ast.Name(name, ast.Load()), args=[ast.Constant(node.lineno), *args], keywords=[])
    return ast.copy_location(call, node)


def _constant(node, *kinds):
    return isinstance(node, ast.Constant) and type(node.value) in kinds


def _cannot_grow(op, left, right):
    """True when the operator cannot make a large value out of these operands, whatever their values."""
    if isinstance(op, ast.Add):  # a constant adds its own length at most
        return isinstance(left, ast.Constant) or isinstance(right, ast.Constant)
    if isinstance(op, ast.Mult):
        return any(_constant(side, float, complex) or (_constant(side, int, bool) and abs(side.value) <= 1)
                   for side in (left, right))
    if isinstance(op, ast.Pow):
        return _constant(right, float)
    if isinstance(op, ast.LShift):
        return _constant(right, int) and right.value <= 64
    if isinstance(op, ast.Mod):  # a number on the left: not a %-format
        return _constant(left, int, float)
    return False


class _Guard(ast.NodeTransformer):
    def __init__(self):
        self.in_iterable = 0  # > 0 inside a comprehension's iterable, where := is not allowed

    def visit_comprehension(self, node):
        self.in_iterable += 1
        node.iter = self.visit(node.iter)
        self.in_iterable -= 1
        node.target = self.visit(node.target)
        node.ifs = [self.visit(condition) for condition in node.ifs]
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        op = _OPERATORS.get(type(node.op))
        if op is None or _cannot_grow(node.op, node.left, node.right):
            return node
        return _guarded(op[1], node, node.left, node.right)

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        op = _OPERATORS.get(type(node.op))
        if op is None or _cannot_grow(node.op, None, node.value):
            return node
        symbol, target = ast.Constant(op[0]), node.target
        if isinstance(target, ast.Name):
            value = _guarded("_guard_inplace", node, ast.Name(target.id, ast.Load()), symbol, node.value)
            return ast.copy_location(ast.Assign(targets=[ast.Name(target.id, ast.Store())], value=value), node)
        if isinstance(target, ast.Subscript):
            key = _slice_call(target.slice) if isinstance(target.slice, ast.Slice) else target.slice
            call = _guarded("_guard_inplace_item", node, target.value, key, symbol, node.value)
        else:
            call = _guarded("_guard_inplace_attribute", node, target.value, ast.Constant(target.attr), symbol,
                            node.value)
        return ast.copy_location(ast.Expr(call), node)

    def visit_Call(self, node):
        self.generic_visit(node)
        node.args = [ast.Constant(node.lineno), node.func, *node.args]
        node.func = ast.copy_location(ast.Name("_guard_call", ast.Load()), node)
        return node

    def visit_Compare(self, node):
        self.generic_visit(node)
        operands = [node.left, *node.comparators]
        if all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops) or any(map(_atoms, operands)):
            return node  # identity, or an atom on one side: nothing to walk
        if len(node.ops) == 1:
            return _guarded("_guard_compare", node, ast.Constant(_COMPARISONS[type(node.ops[0])]), *operands)
        node.left = _value(node.left)  # a chain (a < b < c) keeps its short circuit: each operand is checked
        node.comparators = [_value(c) for c in node.comparators]
        return node

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if isinstance(node.slice, (ast.Slice, ast.Constant)):
            return node
        if self.in_iterable:
            node.slice = _value(node.slice)
            return node
        # items[index] is everywhere: check the key's type inline, without the cost of a call (and of the CPU
        # budget's trace event for it), and call the guard only for a container key:
        # (_guard_value(line, _guard_key) if _guard_type(_guard_key := key) in _guard_containers else _guard_key)
        key = ast.NamedExpr(target=ast.Name("_guard_key", ast.Store()), value=node.slice)
        is_container = ast.Compare(left=ast.Call(func=ast.Name("_guard_type", ast.Load()), args=[key], keywords=[]),
                                   ops=[ast.In()], comparators=[ast.Name("_guard_containers", ast.Load())])
        checked = _guarded("_guard_value", node, ast.Name("_guard_key", ast.Load()))
        node.slice = ast.copy_location(
            ast.IfExp(test=is_container, body=checked, orelse=ast.Name("_guard_key", ast.Load())), node.slice)
        return node

    def visit_Dict(self, node):
        self.generic_visit(node)
        node.keys = [key if key is None else _value(key) for key in node.keys]  # None: a **mapping
        return node

    def visit_Set(self, node):
        self.generic_visit(node)
        node.elts = [_value(e) for e in node.elts]
        return node

    def visit_DictComp(self, node):
        self.generic_visit(node)
        node.key = _value(node.key)
        return node

    def visit_SetComp(self, node):
        self.generic_visit(node)
        node.elt = _value(node.elt)
        return node

    def visit_Starred(self, node):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load):
            node.value = _guarded("_guard_items", node, node.value)
        return node

    def visit_Assign(self, node):
        self.generic_visit(node)
        if any(isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Slice) for t in node.targets):
            node.value = _guarded("_guard_items", node, node.value)  # l[:0] = l would double l
        return node

    def visit_Try(self, node):
        self.generic_visit(node)
        for block in [handler.body for handler in node.handlers] + ([node.finalbody] if node.finalbody else []):
            check = ast.Expr(ast.Call(func=ast.Name("_guard_stopped", ast.Load()), args=[], keywords=[]))
            block.insert(0, ast.copy_location(check, block[0]))
        return node

    visit_TryStar = visit_Try

    def visit_FormattedValue(self, node):
        self.generic_visit(node)
        spec = node.format_spec or ast.Constant("")
        node.value = _guarded("_guard_format", node, node.value, ast.Constant(node.conversion), spec)
        node.conversion, node.format_spec = -1, None
        return node


def _atoms(node):
    """True for a constant, or a list, tuple or set display of constants: comparing with it is cheap."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(isinstance(e, ast.Constant) for e in node.elts)
    return isinstance(node, ast.Constant)


def _value(node):
    return node if isinstance(node, ast.Constant) else _guarded("_guard_value", node, node)


def _slice_call(node):
    parts = [part or ast.Constant(None) for part in (node.lower, node.upper, node.step)]
    return ast.copy_location(ast.Call(func=ast.Name("_guard_slice", ast.Load()), args=parts, keywords=[]), node)
