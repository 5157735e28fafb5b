"""The Japanese and English text of every problem the validator reports, each naming the fix.

Both languages are stored with the report (it is kept on the resource and shown to staff in
either language), so these are fixed pairs rather than gettext strings. Placeholders are filled
with str.format; values from the file are inserted as parameters, never as templates.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # The file as a whole
    "not_text": (
        "テキストのCSVファイルではありません（Excelのブックや UTF-16 のテキストなど）。"
        "Excelでは「CSV UTF-8（コンマ区切り）」で保存し直してください。",
        "This is not a CSV text file (perhaps an Excel workbook or UTF-16 text). "
        "Save it from Excel as “CSV UTF-8 (Comma delimited)”.",
    ),
    "invalid_utf8": (
        "{line}行目に UTF-8 として読めない文字があります。別の文字コードで貼り付けた部分がないか確認し、"
        "UTF-8で保存し直してください。",
        "Line {line} has bytes that are not valid UTF-8. Check for text pasted in another encoding "
        "and save the file as UTF-8 again.",
    ),
    "unsupported_encoding": (
        "文字コードを読み取れません（{guess}の可能性があります）。UTF-8で保存し直してください。",
        "The text encoding cannot be read (it may be {guess}). Save the file as UTF-8.",
    ),
    "encoding_shift_jis": (
        "Shift_JIS（CP932）で保存されています。標準の文字コードは UTF-8 です。"
        "Excelでは「CSV UTF-8（コンマ区切り）」で保存してください。",
        "The file is in Shift_JIS (CP932); the standard asks for UTF-8. "
        "In Excel, save as “CSV UTF-8 (Comma delimited)”.",
    ),
    "empty_file": (
        "ファイルが空です。1行目に列名、2行目からデータを入れてください。",
        "The file is empty. Put the column names in row 1 and the data from row 2.",
    ),
    "unreadable_csv": (
        'CSVとして読み取れませんでした（{detail}）。引用符「"」の閉じ忘れがないか確認してください。',
        'The file cannot be read as CSV ({detail}). Check for a quotation mark (") that is not closed.',
    ),
    # The header row
    "missing_column": (
        "必須の列「{column}」がありません{alternatives}。1行目に列を追加してください。",
        "The required column “{column}” is missing{alternatives_en}. Add it to row 1.",
    ),
    "unknown_column": (
        "列「{column}」は{standard}の標準にない列です。独自に加えた列ならそのままで構いません。"
        "綴りの誤りなら標準の列名に直してください。",
        "The column “{column}” is not in the {standard_en} standard. An extra column of your own "
        "is fine; if it is a misspelling, use the standard name.",
    ),
    "duplicate_column": (
        "列「{column}」は列「{first}」と同じ項目です。どちらか一方だけにしてください。",
        "The column “{column}” is the same item as “{first}”. Keep only one of them.",
    ),
    "blank_column_name": (
        "{position}列目の列名が空です。列名を入れるか、不要な列なら削除してください。",
        "Column {position} has no name. Name it, or delete it if it is not needed.",
    ),
    "legacy_header": (
        "旧形式（推奨データセット）の列名です。このまま公開できますが、現行の自治体標準オープンデータセットの"
        "列名（「全国地方公共団体コード」「ID」など）に変えることをお勧めします。",
        "The column names follow the older 推奨データセット template. The file can be published, "
        "but we recommend the current names (全国地方公共団体コード, ID and so on).",
    ),
    "mixed_header": (
        "新旧の形式の列名が混ざっています（旧形式の「{column}」など）。現行の列名にそろえてください。",
        "Old and new column names are mixed (such as the old “{column}”). Use the current names throughout.",
    ),
    # Rows
    "blank_row": ("空の行です。削除してください。", "This row is empty. Delete it."),
    "row_too_short": (
        '1行目より列が少なく、{columns}がありません。値の中のコンマを「"」で囲んでいるか確認してください。',
        "This row has fewer columns than row 1; {columns} are missing. "
        'Check that values containing commas are enclosed in quotation marks (").',
    ),
    "row_too_long": (
        '1行目より列が多くなっています。値の中にコンマがあるなら、その値を「"」で囲んでください。',
        'This row has more columns than row 1. Enclose values that contain commas in quotation marks (").',
    ),
    "required_value": (
        "「{column}」は必須です。値を入れてください。",
        "“{column}” is required. Enter a value.",
    ),
    "duplicate_id": (
        "「{column}」の値「{value}」は{other_row}行目と重複しています。地方公共団体ごとに重複しない値にしてください。",
        "The value “{value}” in “{column}” is the same as in row {other_row}. "
        "Each record needs its own value within a local government.",
    ),
    "invalid_number": (
        "「{column}」は半角の数値で入れてください（例: {example}）。",
        "Enter “{column}” as a number in half-width digits (e.g. {example}).",
    ),
    "invalid_integer": (
        "「{column}」は半角の整数で入れてください。「人」「円」などの単位は付けません。",
        "Enter “{column}” as a whole number in half-width digits, without units such as 人 or 円.",
    ),
    "negative_value": (
        "「{column}」は0以上の数にしてください。",
        "“{column}” cannot be negative.",
    ),
    "invalid_date": (
        "「{column}」は YYYY-MM-DD 形式で入れてください（{example}）。",
        "Enter “{column}” as YYYY-MM-DD ({example_en}).",
    ),
    "invalid_time": (
        "「{column}」は24時間制の hh:mm 形式で入れてください（例: 09:00、17:15）。",
        "Enter “{column}” as hh:mm on the 24-hour clock (e.g. 09:00, 17:15).",
    ),
    "invalid_choice": (
        "「{column}」には {choices} のいずれかを入れてください。",
        "“{column}” must be one of {choices}.",
    ),
    "invalid_flag": (
        "「{column}」は、該当するときは半角の「1」、該当しないときは空欄にしてください（「○」などは使えません）。",
        "“{column}” takes a half-width 1 when it applies and is left blank when it does not "
        "(not ○ or similar).",
    ),
    "invalid_value": (
        "「{column}」の値が正しくありません（{type}）。",
        "The value of “{column}” is not valid ({type}).",
    ),
    "local_government_code_format": (
        "「{column}」は半角数字6桁の全国地方公共団体コードで入れてください（例: 津市は 242012）。",
        "Enter “{column}” as the 6-digit local government code in half-width digits (e.g. 242012 for Tsu).",
    ),
    "local_government_code_prefecture": (
        "「{column}」の先頭2桁は都道府県コード（01〜47）です。コードを確認してください。",
        "The first two digits of “{column}” are the prefecture, 01 to 47. Check the code.",
    ),
    "local_government_code_check_digit": (
        "「{column}」の6桁目（検査数字）が合いません。上5桁が正しければ {suggestion} です。",
        "The last digit of “{column}” (the check digit) does not match. "
        "If the first five digits are right, the code is {suggestion}.",
    ),
    "local_government_code_missing_check_digit": (
        "「{column}」が5桁です。6桁目の検査数字を付けて {suggestion} にしてください{also}。",
        "“{column}” has five digits. Add the check digit: {suggestion}{also_en}.",
    ),
    "local_government_code_leading_zero": (
        "「{column}」の先頭の0が落ちています。{suggestion} にしてください"
        "（Excelで開くと0が消えるため、列を文字列にして保存してください）。",
        "“{column}” has lost its leading zero: enter {suggestion} "
        "(Excel drops it unless the column is text).",
    ),
    "katakana_invalid": (
        "「{column}」は全角カタカナで入れてください。漢字・英数字・記号は使えません"
        "（長音「ー」、中黒「・」、空白は使えます）。",
        "Enter “{column}” in full-width katakana, without kanji, letters, digits or symbols "
        "(ー, ・ and spaces are allowed).",
    ),
    "katakana_not_full_width": (
        "「{column}」にひらがなか半角カナがあります。全角カタカナの「{suggestion}」にしてください。",
        "“{column}” contains hiragana or half-width kana. Use full-width katakana: “{suggestion}”.",
    ),
    "latitude_out_of_range": (
        "「{column}」の {value} は日本の緯度（およそ20〜46）の範囲外です。"
        "世界測地系の10進数の度で入れてください（例: 34.7303）。",
        "{value} in “{column}” is outside Japan's latitudes (about 20 to 46). "
        "Enter decimal degrees in WGS 84 (e.g. 34.7303).",
    ),
    "longitude_out_of_range": (
        "「{column}」の {value} は日本の経度（およそ122〜154）の範囲外です。"
        "世界測地系の10進数の度で入れてください（例: 136.5086）。",
        "{value} in “{column}” is outside Japan's longitudes (about 122 to 154). "
        "Enter decimal degrees in WGS 84 (e.g. 136.5086).",
    ),
    "coordinates_swapped": (
        "緯度と経度が入れ替わっているようです。「{latitude_column}」に {longitude}、"
        "「{longitude_column}」に {latitude} を入れてください。",
        "Latitude and longitude seem swapped. Put {longitude} in “{latitude_column}” "
        "and {latitude} in “{longitude_column}”.",
    ),
    "coordinates_incomplete": (
        "「{present}」はありますが「{column}」が空です。両方入れるか、両方空にしてください。",
        "“{present}” is filled in but “{column}” is empty. Fill in both or neither.",
    ),
    "invalid_phone": (
        "「{column}」は市外局番からの電話番号で入れてください（例: 059-229-3111）。",
        "Enter “{column}” as a Japanese phone number with its area code (e.g. 059-229-3111).",
    ),
    "phone_not_half_width": (
        "「{column}」は半角で入れてください: {suggestion}",
        "Use half-width characters in “{column}”: {suggestion}",
    ),
    "invalid_url": (
        "「{column}」には http:// か https:// で始まるURLを1つ入れてください。",
        "“{column}” takes one URL starting with http:// or https://.",
    ),
    "invalid_corporate_number": (
        "「{column}」の法人番号（13桁）が正しくありません。国税庁法人番号公表サイトで確認してください。",
        "The corporate number (13 digits) in “{column}” is not valid. "
        "Check it on the National Tax Agency's Corporate Number site.",
    ),
    "invalid_postal_code": (
        "「{column}」は7桁の郵便番号で入れてください（例: 514-8611）。",
        "Enter “{column}” as a 7-digit postal code (e.g. 514-8611).",
    ),
    "end_before_start": (
        "「{column}」（{value}）が「{start_column}」（{start}）より前です。日付を確認してください。",
        "“{column}” ({value}) is before “{start_column}” ({start}). Check the dates.",
    ),
}


def message(code: str, **params: Any) -> dict[str, str]:
    """{"ja": …, "en": …} for a problem code. A missing parameter raises KeyError."""
    ja, en = MESSAGES[code]
    return {"ja": ja.format(**params), "en": en.format(**params)}
