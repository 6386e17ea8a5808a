//! A year of 医療費のお知らせ for the medical-expense deduction (医療費控除), laid out as the
//! National Tax Agency's 医療費集計フォーム, which e-Tax's 確定申告書等作成コーナー imports: as
//! `.xlsx`, and the same sheet as CSV. [`COLUMNS`] is the one place that says which column holds
//! what (DOMAIN.md: the layout comes from third-party tools, so it may need fixing here).

use std::collections::BTreeMap;

use kenpo_api::notices::{MedicalCategory, MedicalNotice};
use rust_xlsxwriter::{Format, Workbook};

use super::MedicalRecord;
use crate::PortalError;

/// The row of the column headers and the first row of data (1-based, as Excel numbers them):
/// the form reads its data from row 9.
pub const HEADER_ROW: u32 = 8;
pub const FIRST_DATA_ROW: u32 = 9;

/// What the form's columns D to G hold for a row that belongs there.
pub const APPLIES: &str = "該当する";

/// One line of the form: a person's payments to one facility over the year, of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLine {
    pub person: String,
    pub facility: String,
    pub medicine: bool,
    pub paid: u64,
}

/// What a cell holds.
pub enum Cell {
    Text(String),
    Yen(u64),
    Empty,
}

/// A column of the form: its letter, header and what a line puts in it.
pub struct Column {
    pub letter: char,
    pub header: &'static str,
    pub value: fn(&FormLine) -> Cell,
}

/// The 医療費集計フォーム's columns, from B; A is left empty as on the form.
pub const COLUMNS: [Column; 8] = [
    Column { letter: 'B', header: "医療を受けた人", value: |line| Cell::Text(line.person.clone()) },
    Column {
        letter: 'C', header: "病院・薬局などの名称", value: |line| Cell::Text(line.facility.clone())
    },
    Column { letter: 'D', header: "診療・治療", value: |line| applies(!line.medicine) },
    Column { letter: 'E', header: "医薬品購入", value: |line| applies(line.medicine) },
    Column { letter: 'F', header: "介護保険サービス", value: |_| Cell::Empty },
    Column { letter: 'G', header: "その他の医療費", value: |_| Cell::Empty },
    Column { letter: 'H', header: "支払った医療費の金額", value: |line| Cell::Yen(line.paid) },
    Column { letter: 'I', header: "左のうち、補填される金額", value: |_| Cell::Empty },
];

fn applies(yes: bool) -> Cell {
    if yes { Cell::Text(APPLIES.to_owned()) } else { Cell::Empty }
}

/// The column index (0-based) of a letter.
fn index(letter: char) -> u16 {
    (letter as u16) - ('A' as u16)
}

/// The facility name for the form: a 柔整 or あはき row without one is named by its kind.
fn facility_of(notice: &MedicalNotice) -> String {
    match (&notice.facility, notice.category) {
        (Some(facility), _) => facility.clone(),
        (None, MedicalCategory::JudoTherapy) => "柔道整復（施術所名の記載なし）".to_owned(),
        (None, category) => format!("{}（施術所名の記載なし）", category.label()),
    }
}

/// The form's lines: one per person, facility and kind (調剤 is 医薬品購入, the rest 診療・治療),
/// by person and facility, with 自己負担額 summed over the year.
pub fn lines(record: &MedicalRecord) -> Vec<FormLine> {
    let mut sums: BTreeMap<(String, String, String, bool), u64> = BTreeMap::new();
    for (name, notice) in &record.rows {
        let medicine = notice.category == MedicalCategory::Pharmacy;
        *sums.entry((notice.person.clone(), name.clone(), facility_of(notice), medicine)).or_default() +=
            notice.self_pay;
    }
    sums.into_iter()
        .map(|((_, person, facility, medicine), paid)| FormLine { person, facility, medicine, paid })
        .collect()
}

/// The lines above the form's header: what the file is, the total and the caveats.
fn preamble(record: &MedicalRecord, society: &str, lines: &[FormLine]) -> Vec<String> {
    let total: u64 = lines.iter().map(|line| line.paid).sum();
    let mut rows = vec![
        "医療費集計フォーム".to_owned(),
        format!("{}年分　医療費のお知らせより（{society}）　被保険者：{}", record.year, record.insured_name),
        format!("支払った医療費の金額の合計：{total}"),
        "高額療養費などの給付で補填された金額は、I列に書き加えてください。".to_owned(),
    ];
    rows.extend(record.caveat.clone());
    rows
}

/// The form as an Excel workbook.
pub fn xlsx(record: &MedicalRecord, society: &str) -> Result<Vec<u8>, PortalError> {
    let lines = lines(record);
    let failed = |error: rust_xlsxwriter::XlsxError| PortalError::Internal(format!("xlsx: {error}"));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("医療費集計フォーム").map_err(failed)?;
    let bold = Format::new().set_bold();
    let whole_yen = Format::new().set_num_format("0");
    for (row, text) in preamble(record, society, &lines).iter().enumerate() {
        sheet.write_string(row as u32, 0, text).map_err(failed)?;
    }
    for column in &COLUMNS {
        sheet.set_column_width(index(column.letter), 22).map_err(failed)?;
        sheet
            .write_string_with_format(HEADER_ROW - 1, index(column.letter), column.header, &bold)
            .map_err(failed)?;
    }
    for (n, line) in lines.iter().enumerate() {
        let row = FIRST_DATA_ROW - 1 + n as u32;
        for column in &COLUMNS {
            match (column.value)(line) {
                Cell::Text(text) => sheet.write_string(row, index(column.letter), text).map(|_| ()),
                Cell::Yen(yen) => sheet
                    .write_number_with_format(row, index(column.letter), yen as f64, &whole_yen)
                    .map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .map_err(failed)?;
        }
    }
    workbook.save_to_buffer().map_err(failed)
}

/// The same sheet as CSV (UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8):
/// the same rows, the header on line 8 and the data from line 9; amounts as plain digits.
pub fn csv(record: &MedicalRecord, society: &str) -> Vec<u8> {
    let lines = lines(record);
    let width = usize::from(index(COLUMNS[COLUMNS.len() - 1].letter)) + 1;
    let by_column = |value: &dyn Fn(&Column) -> String| {
        let mut row = vec![String::new(); width];
        for column in &COLUMNS {
            row[usize::from(index(column.letter))] = value(column);
        }
        row
    };
    let mut preamble = preamble(record, society, &lines).into_iter();
    let mut rows: Vec<Vec<String>> = (1..HEADER_ROW)
        .map(|_| {
            let mut row = vec![String::new(); width];
            row[0] = preamble.next().unwrap_or_default();
            row
        })
        .collect();
    rows.push(by_column(&|column| column.header.to_owned()));
    for line in &lines {
        rows.push(by_column(&|column| match (column.value)(line) {
            Cell::Text(text) => text,
            Cell::Yen(yen) => yen.to_string(),
            Cell::Empty => String::new(),
        }));
    }
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        writer.write_record(&row).expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kenpo_api::notices::MedicalNotice;

    fn notice(
        person: &str,
        facility: Option<&str>,
        category: MedicalCategory,
        self_pay: u64,
    ) -> MedicalNotice {
        MedicalNotice {
            person: person.to_owned(),
            month: 202_503,
            facility: facility.map(str::to_owned),
            category,
            days: 1,
            total: self_pay * 10 / 3,
            self_pay,
            public_pay: 0,
            insurer_pay: self_pay * 10 / 3 - self_pay,
        }
    }

    #[test]
    fn a_persons_payments_to_one_facility_make_one_line_and_pharmacy_is_medicine() {
        let record = MedicalRecord {
            year: 2025,
            insured_name: "山田 太郎".into(),
            rows: vec![
                ("山田 太郎".into(), notice("00", Some("さくら内科"), MedicalCategory::Outpatient, 1_231)),
                ("山田 太郎".into(), notice("00", Some("さくら内科"), MedicalCategory::Outpatient, 2_347)),
                ("山田 太郎".into(), notice("00", Some("あおば薬局"), MedicalCategory::Pharmacy, 905)),
                ("山田 花子".into(), notice("01", None, MedicalCategory::JudoTherapy, 1_503)),
            ],
            caveat: None,
        };
        let lines = lines(&record);
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            FormLine {
                person: "山田 太郎".into(), facility: "あおば薬局".into(), medicine: true, paid: 905
            }
        );
        assert_eq!(lines[1].paid, 3_578);
        assert!(lines[2].facility.starts_with("柔道整復"));
        let csv = String::from_utf8(csv(&record, "けんぽ健康保険組合")).unwrap();
        let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            rows[7],
            ",医療を受けた人,病院・薬局などの名称,診療・治療,医薬品購入,介護保険サービス,その他の医療費,支払った医療費の金額,左のうち、補填される金額"
        );
        assert_eq!(rows[8], ",山田 太郎,あおば薬局,,該当する,,,905,");
        assert!(rows[2].ends_with("5986,,,,,,,,"), "{}", rows[2]);
    }
}
