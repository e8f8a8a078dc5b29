"""Click in Vietnamese: every help page and usage error of ``tthc``.

Click takes its texts through ``gettext`` (each of its modules binds ``_`` and ``ngettext``
at import); :func:`speak_vietnamese` gives those modules a function that looks the English
text up in :data:`VIETNAMESE` / :data:`VIETNAMESE_PLURALS` (every text the installed Click can
print, tests/test_console.py checks) and returns it unchanged when it is not there. The few
texts Click does not take through gettext (``[OPTIONS]``, ``COMMAND [ARGS]...``, the names
of value types such as ``TEXT``) are set on the commands by :func:`localize`.

Placeholders are kept as Click fills them; a translation leaves out those Click fills with an
English word (``{number_type}`` "integer", ``{param_type}`` "option", ``{name}`` "Directory").
"""

from __future__ import annotations

import importlib
import sys

import click

VIETNAMESE: dict[str, str] = {
    # core
    "Aborted!": "Đã dừng.",
    "deprecated": "ngừng hỗ trợ",
    "Missing command.": "Thiếu lệnh.",
    "required": "bắt buộc",
    "Options": "Tùy chọn",
    "Positional arguments": "Tham số",
    "Commands": "Lệnh",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: lệnh {name!r} đã ngừng hỗ trợ.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: {name!r} đã ngừng hỗ trợ.{extra_message}"
    ),
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Could not determine name for option with declarations {decls!r}": (
        "Không xác định được tên của tùy chọn khai báo {decls!r}"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": (
        "Chưa khai báo tùy chọn nào nhưng đã có tên ({name}). Có phải cần khai báo một tham số, "
        "hay cần viết '--{name}'?"
    ),
    "env var: {var}": "biến môi trường: {var}",
    "default: {default}": "mặc định: {default}",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "Mỗi tham số nhận đúng một khai báo, ở đây có {length}: {decls}."
    ),
    "(dynamic)": "(tính khi chạy)",
    "Name '{name}' defined twice": "Tên '{name}' được khai báo hai lần",
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "Tùy chọn bật/tắt {decl!r} không thể dùng một cờ cho cả bật và tắt."
    ),
    # decorators
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận mà không hỏi lại.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    # exceptions
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ của {param_hint}: {message}",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    # formatting
    "Usage:": "Cách dùng:",
    # parser
    "Invalid start character for option ({option})": "Tùy chọn bắt đầu bằng ký tự không hợp lệ ({option})",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} nhận {nargs} giá trị.",
    # shell_completion
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Không xác định được phiên bản Bash: không hỗ trợ gợi ý lệnh."
    ),
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Không hỗ trợ gợi ý lệnh cho Bash cũ hơn bản 4.4."
    ),
    # termui, _termui_impl, _winconsole
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục...",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị đã nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Unknown color {colour!r}": "Không có màu {colour!r}",
    "d": " ngày",
    "{editor}: Editing failed": "{editor}: không sửa được",
    "{editor}: Editing failed: {e}": "{editor}: không sửa được: {e}",
    "Windows error: {error}": "Lỗi Windows: {error}",
    # types
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Choice({choices})": "Chọn({choices})",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} không phải giá trị có/không hợp lệ. Các giá trị dùng được: {states}"
    ),
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là một số hợp lệ.",
    "{value!r} is not a valid UUID.": "{value!r} không phải là UUID hợp lệ.",
    "{name} {filename!r} does not exist.": "{filename!r} không tồn tại.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {filename!r}.",
    # utils
    "Unknown standard stream '{name}'": "Không có luồng chuẩn '{name}'",
}

# ngettext: (singular, plural) → (one, many). Vietnamese nouns do not change with the number.
VIETNAMESE_PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Thừa tham số ({args})",
        "Thừa tham số ({args})",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Cần {nargs} giá trị nhưng chỉ có 1.",
        "Cần {nargs} giá trị nhưng có {len}.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Có phải ý bạn là {possibility}?",
        "(Có phải ý bạn là một trong: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tùy chọn {name!r} cần một giá trị.",
        "Tùy chọn {name!r} cần {nargs} giá trị.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} không phải là {choice}.",
        "{value!r} không thuộc {choices}.",
    ),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} không đúng dạng {format}.",
        "{value!r} không đúng dạng nào trong {formats}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Cần {len_type} giá trị, nhưng có {len_value}.",
        "Cần {len_type} giá trị, nhưng có {len_value}.",
    ),
}

CLICK_MODULES = (
    "core",
    "exceptions",
    "parser",
    "decorators",
    "formatting",
    "types",
    "termui",
    "utils",
    "shell_completion",
    "_termui_impl",
    "_winconsole",
)
OPTIONS_METAVAR = "[TÙY CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM SỐ]..."


def gettext_vi(message: str) -> str:
    return VIETNAMESE.get(message, message)


def ngettext_vi(singular: str, plural: str, n: int) -> str:
    one, many = VIETNAMESE_PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def speak_vietnamese() -> None:
    """Make Click's own texts Vietnamese (before the commands are declared: ``version_option``
    takes its help text when it decorates)."""
    for name in CLICK_MODULES:
        if name == "_winconsole" and sys.platform != "win32":
            continue  # Windows only (it asserts so when imported)
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext_vi
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext_vi


def _type_metavar(param: click.Parameter) -> str | None:
    """A Vietnamese name for the value of ``param`` (Click says TEXT, INTEGER, DIRECTORY, FILE)."""
    kind = param.type
    if isinstance(kind, click.Path):
        return "TỆP" if not kind.dir_okay else "THƯ_MỤC" if not kind.file_okay else "ĐƯỜNG_DẪN"
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        return "SỐ"
    if isinstance(kind, click.types.StringParamType):
        return "GIÁ_TRỊ"
    return None  # a Choice lists its values, a flag shows none


def localize(group: click.Group, metavars: dict[str, str] | None = None) -> click.Group:
    """Vietnamese placeholders in the usage lines and help pages of ``group`` and its commands.

    ``metavars`` names the value of an option by its flag (``{"--commune": "MÃ"}``); any other
    option or argument gets the Vietnamese name of its type."""
    metavars = metavars or {}
    group.subcommand_metavar = SUBCOMMAND_METAVAR
    for command in [group, *group.commands.values()]:
        command.options_metavar = OPTIONS_METAVAR
        for param in command.params:
            if param.metavar is not None or getattr(param, "is_flag", False):
                continue
            named = next((metavars[o] for o in param.opts if o in metavars), None)
            word = named or _type_metavar(param)
            if word is None:
                continue
            if isinstance(param, click.Argument):  # Click shows an argument's metavar as given
                word = word if param.required else f"[{word}]"
                word += "..." if param.nargs != 1 else ""
            param.metavar = word
    return group
