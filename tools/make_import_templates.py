"""Write the event contact import templates (XLSX), English and Russian headers.

The headers are the labels of crm.lead's fields as Odoo shows them in each
language, so that Odoo's import maps every column by itself.
Usage: make_import_templates.py OUTPUT_DIR
"""

import sys
from pathlib import Path

from openpyxl import Workbook

HEADERS = {
    "en": ["Company Name", "Contact Name", "Job Position", "Phone", "Mobile", "Email",
           "Website", "City", "Country", "State", "Notes"],
    "ru": ["Название компании", "Контактное лицо", "Должность", "Телефон", "Мобильный",
           "Email", "Сайт", "Город", "Страна", "Область", "Заметки"],
}  # fmt: skip
# Example rows, as a Russian sales department's lists are written: the import
# reads these country and region names (and "РФ", "СПб", "Moscow"...) itself.
EXAMPLES = [
    ["ООО «Ромашка»", "Иванов Пётр Сергеевич", "Директор по закупкам",
     "+7 495 123-45-67", "+7 916 555-12-34", "p.ivanov@romashka.ru",
     "romashka.ru", "Москва", "Россия", "Москва",
     "Стенд B12, интересуется поставками"],
    ["АО «Северный ветер»", "Смирнова Анна Викторовна", "Главный инженер",
     "+7 812 765-43-21", "", "a.smirnova@sev-veter.ru", "sev-veter.ru",
     "Санкт-Петербург", "РФ", "СПб", "Просила прислать каталог"],
]  # fmt: skip


def main(out_dir):
    for lang, headers in HEADERS.items():
        book = Workbook()
        sheet = book.active
        sheet.title = "Contacts"
        sheet.append(headers)
        for example in EXAMPLES:
            sheet.append(example)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 24
        book.save(Path(out_dir) / f"event_contacts_{lang}.xlsx")


if __name__ == "__main__":
    main(sys.argv[1])
