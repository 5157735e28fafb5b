"""The messages of answer validation, as Japanese and English pairs.

They are literal pairs rather than gettext strings because the API returns both languages at
once. Each message names the field (by its label in that language) and says how to put it right.
Placeholders: {ja} / {en} are the field's label; the others are given by the caller."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Presence
    "required": ("「{ja}」を入力してください。", 'Enter "{en}".'),
    "required_choice": ("「{ja}」を選んでください。", 'Select "{en}".'),
    "required_file": ("「{ja}」のファイルを添付してください。", 'Attach a file for "{en}".'),
    "required_agreement": (
        "「{ja}」の内容を確認し、同意する場合はチェックを入れてください。",
        'Read "{en}" and tick the box to agree.',
    ),
    "required_name": ("「{ja}」の氏名を入力してください。", 'Enter the name for "{en}".'),
    "required_kana": (
        "「{ja}」のフリガナを入力してください。",
        'Enter the furigana (reading in katakana) for "{en}".',
    ),
    "required_postal_code": ("「{ja}」の郵便番号を入力してください。", 'Enter the postal code for "{en}".'),
    "required_address": (
        "「{ja}」の住所を番地まで入力してください。",
        'Enter the address for "{en}", including the block and building number.',
    ),
    # Shape of the data sent
    "wrong_type": (
        "「{ja}」の値の形式が正しくありません。{expected_ja}で送信してください。",
        '"{en}" has a value of the wrong type. Send {expected_en}.',
    ),
    "unknown_field": (
        "「{key}」という項目はこのフォームにありません。この値を削除してください。",
        '"{key}" is not a field of this form. Remove this value.',
    ),
    "inactive_field": (
        "「{ja}」はこの回答内容では入力しない項目です。値を削除してください。",
        '"{en}" does not apply to these answers. Remove its value.',
    ),
    # Text
    "control_characters": (
        "「{ja}」に使えない文字（制御文字や見えない文字）が含まれています。削除してから入力し直してください。",
        '"{en}" contains characters that cannot be used (control or invisible characters). '
        "Remove them and enter it again.",
    ),
    "newline": (
        "「{ja}」は改行せずに1行で入力してください。",
        'Enter "{en}" on one line, without line breaks.',
    ),
    "too_long": (
        "「{ja}」は{max}文字以内で入力してください（現在{count}文字）。",
        '"{en}" must be {max} characters or fewer (you entered {count}).',
    ),
    "too_short": (
        "「{ja}」は{min}文字以上で入力してください。",
        '"{en}" must be at least {min} characters.',
    ),
    "pattern": (
        "「{ja}」の形式が正しくありません。入力例を確認して入力し直してください。",
        'Enter "{en}" in the format shown in the hint.',
    ),
    # Numbers
    "integer": (
        "「{ja}」は 12 のように小数点のない数字で入力してください。",
        'Enter "{en}" as a whole number, for example 12.',
    ),
    "integer_fraction": (
        "「{ja}」は小数点のない整数で入力してください。",
        'Enter "{en}" as a whole number, without a decimal point.',
    ),
    "decimal": (
        "「{ja}」は 12.5 のように数字で入力してください。",
        'Enter "{en}" as a number, for example 12.5.',
    ),
    "decimal_places": (
        "「{ja}」は小数点以下{places}桁までで入力してください。",
        'Enter "{en}" with no more than {places} decimal places.',
    ),
    "min": ("「{ja}」は{min}以上で入力してください。", '"{en}" must be {min} or more.'),
    "max": ("「{ja}」は{max}以下で入力してください。", '"{en}" must be {max} or less.'),
    "yen": (
        "「{ja}」は 12000 や 12,000円 のように金額を数字で入力してください。",
        'Enter "{en}" as an amount in yen, for example 12000 or 12,000.',
    ),
    "yen_min": ("「{ja}」は{min:,}円以上で入力してください。", '"{en}" must be ¥{min:,} or more.'),
    "yen_max": ("「{ja}」は{max:,}円以下で入力してください。", '"{en}" must be ¥{max:,} or less.'),
    # Dates
    "date_format": (
        "「{ja}」は 令和7年4月1日 や 2025-04-01 の形で入力してください。",
        'Enter "{en}" as a date such as 2025-04-01 or 令和7年4月1日.',
    ),
    "date_era_year": (
        "「{ja}」の年がその元号の期間にありません。令和7年 や 2025年 のように入力してください。",
        'The year of "{en}" is outside that era. Enter a year such as 2025 or 令和7年.',
    ),
    "date_month": (
        "「{ja}」の月は1から12までの数字で入力してください。",
        'The month of "{en}" must be a number from 1 to 12.',
    ),
    "date_day": (
        "「{ja}」の日がその月にありません。日付を確認してください。",
        'The day of "{en}" does not exist in that month. Check the date.',
    ),
    "date_min": ("「{ja}」は{min_ja}以降の日付を入力してください。", '"{en}" must be on or after {min_en}.'),
    "date_max": ("「{ja}」は{max_ja}以前の日付を入力してください。", '"{en}" must be on or before {max_en}.'),
    # Contact details and numbers that identify
    "email": (
        "「{ja}」は name@example.jp のような形で入力してください。",
        'Enter "{en}" as an email address, such as name@example.jp.',
    ),
    "phone": (
        "「{ja}」は 059-224-2000 のように市外局番から入力してください。",
        'Enter "{en}" with the area code, for example 059-224-2000.',
    ),
    "postal_code": (
        "「{ja}」は 514-0006 のように7桁で入力してください。",
        'Enter "{en}" as 7 digits, for example 514-0006.',
    ),
    "address_postal_code": (
        "「{ja}」の郵便番号は 514-0006 のように7桁で入力してください。",
        'Enter the postal code of "{en}" as 7 digits, for example 514-0006.',
    ),
    "kana": (
        "「{ja}」のフリガナはカタカナで入力してください。",
        'Enter the furigana for "{en}" in katakana, for example ヤマダ タロウ.',
    ),
    "corporate_number": (
        "「{ja}」は13桁の数字で入力してください。",
        'Enter "{en}" as 13 digits.',
    ),
    "corporate_number_check_digit": (
        "「{ja}」の法人番号が正しくありません。番号を確認してください。",
        '"{en}" is not a valid corporate number. Check the number.',
    ),
    # Choices
    "choice": ("「{ja}」は一覧にある項目から選んでください。", 'Select "{en}" from the options given.'),
    "min_selected": ("「{ja}」は{min}個以上選んでください。", 'Select at least {min} options for "{en}".'),
    "max_selected": ("「{ja}」は{max}個まで選べます。", 'Select no more than {max} options for "{en}".'),
    # Files
    "upload_not_found": (
        "「{ja}」のファイルが見つかりません。もう一度アップロードしてください。",
        'The file for "{en}" could not be found. Upload it again.',
    ),
    "file_type": (
        "「{ja}」に添付できるのは {kinds} のファイルです。ファイルの種類を確認してください。",
        'The file for "{en}" must be a {kinds} file.',
    ),
    "file_size": (
        "「{ja}」のファイルは{max_mb}MB以下にしてください。",
        'The file for "{en}" must be {max_mb} MB or smaller.',
    ),
    "file_empty": (
        "「{ja}」のファイルが空です。内容のあるファイルを選んでください。",
        'The file for "{en}" is empty. Choose a file with content.',
    ),
    "too_many_files": (
        "「{ja}」に添付できるファイルは{max}個までです。",
        'You can attach up to {max} files to "{en}".',
    ),
    # Repeating groups
    "min_items": ("「{ja}」は{min}件以上入力してください。", 'Add at least {min} entries to "{en}".'),
    "max_items": ("「{ja}」は{max}件まで入力できます。", 'You can add up to {max} entries to "{en}".'),
}

# How the expected value is described in a "wrong_type" message.
EXPECTED: dict[str, tuple[str, str]] = {
    "string": ("文字列", "a string"),
    "number": ("数値または数字の文字列", "a number or a string of digits"),
    "boolean": ("true", "true or false"),
    "list": ("配列", "a list"),
    "object": ("オブジェクト", "an object"),
    "files": ("アップロードIDの配列", 'a list of upload ids, such as ["…"]'),
    "items": ("オブジェクトの配列", "a list of objects"),
}


def message_pair(code: str, *, ja: str, en: str, **params: object) -> tuple[str, str]:
    template_ja, template_en = MESSAGES[code]
    return template_ja.format(ja=ja, en=en, **params), template_en.format(ja=ja, en=en, **params)


def in_language(pair: tuple[str, str], language: str, **params: object) -> str:
    """One of a (Japanese, English) pair of texts, with its placeholders filled in."""
    ja, en = pair
    return (en if language.lower().startswith("en") else ja).format(**params)
