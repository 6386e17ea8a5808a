//! Printable notices as A4 PDFs, with a subset of a Japanese font embedded (krilla subsets it):
//! a year of 医療費のお知らせ with the six items the National Tax Agency asks of a notice used for
//! 医療費控除, one 現金給付支給決定通知, and one person's 資格情報のお知らせ.
//!
//! Each document is laid out first as pages of [`Mark`]s (text and rules at positions), then
//! drawn; only drawing touches the PDF library.

use std::sync::Arc;

use kenpo_api::notices::{
    BenefitNotice, EMPLOYER_PAYMENT_CAVEAT, QualificationNotice, seireki_date, seireki_month, wareki_date,
    wareki_month, yen,
};
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::MedicalRecord;
use crate::PortalError;

/// Where Debian's fonts-noto-cjk puts the sans-serif collection, which `cargo xtask setup`
/// installs; `serve --pdf-font` names another.
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// A4 in points, and the margins.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const LEFT: f32 = 48.0;
const RIGHT: f32 = PAGE_WIDTH - 48.0;
const TOP: f32 = 60.0;
const BOTTOM: f32 = PAGE_HEIGHT - 60.0;

/// The Japanese face of a font file (a collection's JP face), and its advance widths, which
/// right-aligned amounts need.
pub struct Fonts {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

impl Fonts {
    /// Reads the font at `path`, choosing the face whose family name ends in "JP" in a
    /// collection (else the first).
    pub fn load(path: &std::path::Path) -> Result<Self, PortalError> {
        let data = std::fs::read(path).map_err(|error| {
            PortalError::Config(format!(
                "{}: {error}; install fonts-noto-cjk (cargo xtask setup) or give --pdf-font",
                path.display()
            ))
        })?;
        let faces = (0..64).take_while(|&index| skrifa::FontRef::from_index(&data, index).is_ok());
        let japanese = faces.clone().find(|&index| {
            let face = skrifa::FontRef::from_index(&data, index).expect("counted above");
            face.localized_strings(skrifa::string::StringId::FAMILY_NAME)
                .any(|name| name.chars().collect::<String>().ends_with("JP"))
        });
        let index = japanese
            .or(faces.into_iter().next())
            .ok_or_else(|| PortalError::Config(format!("{}: not a font file", path.display())))?;
        let data = Arc::new(data);
        let font = Font::new(data.clone().into(), index).ok_or_else(|| {
            PortalError::Config(format!("{}: the PDF library cannot use this font", path.display()))
        })?;
        Ok(Self { data, index, font })
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let face = skrifa::FontRef::from_index(&self.data, self.index).expect("checked at load");
        let (charmap, metrics) =
            (face.charmap(), face.glyph_metrics(Size::new(size), LocationRef::default()));
        text.chars()
            .map(|ch| charmap.map(ch).and_then(|glyph| metrics.advance_width(glyph)).unwrap_or(size))
            .sum()
    }
}

/// Something drawn on a page: text whose baseline starts at (x, y), measured from the top
/// left, or a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Text { x: f32, y: f32, size: f32, text: String },
    Rule { from: (f32, f32), to: (f32, f32), width: f32 },
}

/// Pages being laid out, top to bottom, with a cursor.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Mark>>,
    y: f32,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Self { fonts, pages: vec![Vec::new()], y: TOP }
    }

    fn page(&mut self) -> &mut Vec<Mark> {
        self.pages.last_mut().expect("a layout has a page")
    }

    fn text(&mut self, x: f32, size: f32, text: &str) {
        let y = self.y;
        self.page().push(Mark::Text { x, y, size, text: text.to_owned() });
    }

    /// Text ending at `right`.
    fn text_right(&mut self, right: f32, size: f32, text: &str) {
        let x = right - self.fonts.width(text, size);
        self.text(x, size, text);
    }

    fn rule(&mut self, width: f32) {
        let y = self.y;
        self.page().push(Mark::Rule { from: (LEFT, y), to: (RIGHT, y), width });
    }

    /// Moves down by `by`; a new page when the line would not fit, with `header` drawn on it.
    fn down(&mut self, by: f32, header: &dyn Fn(&mut Self)) {
        self.y += by;
        if self.y > BOTTOM {
            self.pages.push(Vec::new());
            self.y = TOP;
            header(self);
        }
    }

    /// A label and its value on one line.
    fn field(&mut self, label: &str, value: &str) {
        self.text(LEFT, 10.5, label);
        self.text(LEFT + 150.0, 10.5, value);
        self.down(22.0, &|_| {});
    }

    /// The society's name and page numbers at the foot of every page.
    fn finish(mut self, society: &str) -> Vec<Vec<Mark>> {
        let count = self.pages.len();
        for (n, page) in self.pages.iter_mut().enumerate() {
            page.push(Mark::Text { x: LEFT, y: PAGE_HEIGHT - 32.0, size: 8.5, text: society.to_owned() });
            let number = format!("{} / {count}", n + 1);
            let x = RIGHT - self.fonts.width(&number, 8.5);
            page.push(Mark::Text { x, y: PAGE_HEIGHT - 32.0, size: 8.5, text: number });
        }
        std::mem::take(&mut self.pages)
    }
}

/// 西暦 with 和暦 beside it: 「2025年3月（令和7年3月）」.
fn both_months(month: u32) -> String {
    format!("{}（{}）", seireki_month(month), wareki_month(month).unwrap_or_default())
}

fn both_dates(date: &str) -> String {
    format!("{}（{}）", seireki_date(date).unwrap_or_default(), wareki_date(date).unwrap_or_default())
}

/// The columns of the medical table: their left edges, and the right edges of the amounts.
const MONTH_X: f32 = LEFT;
const PERSON_X: f32 = LEFT + 64.0;
const FACILITY_X: f32 = LEFT + 136.0;
const CATEGORY_X: f32 = LEFT + 296.0;
const DAYS_RIGHT: f32 = LEFT + 352.0;
const TOTAL_RIGHT: f32 = LEFT + 424.0;
const SELF_PAY_RIGHT: f32 = RIGHT;

/// A year of 医療費のお知らせ: the six items the NTA asks for (被保険者の氏名, 療養を受けた年月,
/// 療養を受けた者, 医療機関等の名称, 被保険者等が支払った医療費の額, 保険者の名称) on every row or
/// page, then each person's totals and the household's.
pub fn medical_year(fonts: &Fonts, record: &MedicalRecord, society: &str, issued_on: &str) -> Vec<Vec<Mark>> {
    let mut layout = Layout::new(fonts);
    layout.text(LEFT, 18.0, "医療費のお知らせ");
    layout.text_right(RIGHT, 9.0, &format!("作成日 {}", both_dates(issued_on)));
    layout.down(26.0, &|_| {});
    let year_label = wareki_month(record.year as u32 * 100 + 1).unwrap_or_default();
    let era_year = year_label.split('年').next().unwrap_or_default();
    layout.text(LEFT, 11.0, &format!("{}年（{era_year}年）1月〜12月診療分", record.year));
    layout.down(18.0, &|_| {});
    layout.text(LEFT, 11.0, &format!("被保険者氏名　{} 様", record.insured_name));
    layout.text_right(RIGHT, 11.0, &format!("保険者名　{society}"));
    layout.down(16.0, &|_| {});
    layout.text(
        LEFT,
        8.5,
        "このお知らせは医療費控除の申告に使えます。支払った医療費の額は「自己負担額」の欄です。",
    );
    layout.down(10.0, &|_| {});
    for line in record.caveat.iter() {
        layout.down(10.0, &|_| {});
        layout.text(LEFT, 8.5, line);
    }
    layout.down(20.0, &|_| {});
    let header = |layout: &mut Layout| {
        layout.text(MONTH_X, 8.5, "診療年月");
        layout.text(PERSON_X, 8.5, "受診者");
        layout.text(FACILITY_X, 8.5, "医療機関等の名称");
        layout.text(CATEGORY_X, 8.5, "区分");
        layout.text_right(DAYS_RIGHT, 8.5, "日数");
        layout.text_right(TOTAL_RIGHT, 8.5, "医療費の総額");
        layout.text_right(SELF_PAY_RIGHT, 8.5, "自己負担額");
        layout.y += 5.0;
        layout.rule(0.8);
        layout.y += 13.0;
    };
    header(&mut layout);
    if record.rows.is_empty() {
        layout.text(LEFT, 9.0, "この年の医療費のお知らせはありません。");
        layout.down(16.0, &header);
    }
    for (name, notice) in &record.rows {
        layout.text(MONTH_X, 8.0, &seireki_month(notice.month));
        layout.text(PERSON_X, 8.0, name);
        let facility = notice.facility.as_deref().unwrap_or("（記載なし）");
        layout.text(FACILITY_X, 8.0, &truncate(facility, 19));
        layout.text(CATEGORY_X, 8.0, notice.category.label());
        layout.text_right(DAYS_RIGHT, 8.0, &notice.days.to_string());
        layout.text_right(TOTAL_RIGHT, 8.0, &yen(notice.total));
        layout.text_right(SELF_PAY_RIGHT, 8.0, &yen(notice.self_pay));
        layout.y += 3.5;
        layout.rule(0.2);
        layout.down(11.5, &header);
    }
    layout.down(8.0, &|_| {});
    // Each person's totals, in the household's order (枝番), then the household's.
    let mut people: std::collections::BTreeMap<&str, (&str, u64, u64)> = std::collections::BTreeMap::new();
    for (name, notice) in &record.rows {
        let sums = people.entry(&notice.person).or_insert((name, 0, 0));
        sums.1 += notice.total;
        sums.2 += notice.self_pay;
    }
    let household: (u64, u64) =
        people.values().fold((0, 0), |sum, person| (sum.0 + person.1, sum.1 + person.2));
    let lines = people
        .values()
        .map(|(name, total, self_pay)| (format!("{name} の合計"), *total, *self_pay))
        .chain(std::iter::once(("世帯の合計".to_owned(), household.0, household.1)));
    for (label, total, self_pay) in lines {
        layout.text(FACILITY_X, 9.0, &label);
        layout.text_right(TOTAL_RIGHT, 9.0, &yen(total));
        layout.text_right(SELF_PAY_RIGHT, 9.0, &yen(self_pay));
        layout.down(15.0, &|_| {});
    }
    layout.finish(society)
}

/// At most `chars` characters, the rest shown as 「…」.
fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    text.chars().take(chars - 1).chain(std::iter::once('…')).collect()
}

/// One 現金給付支給決定通知, addressed to the insured person as the society sends it.
pub fn benefit(
    fonts: &Fonts,
    notice: &BenefitNotice,
    (name, insured): (&str, &str),
    society: &str,
) -> Vec<Vec<Mark>> {
    let mut layout = Layout::new(fonts);
    layout.text(LEFT, 18.0, "現金給付支給決定通知書");
    layout.down(34.0, &|_| {});
    layout.text(LEFT, 12.0, &format!("被保険者　{insured} 様"));
    layout.down(24.0, &|_| {});
    layout.text(LEFT, 10.0, "次のとおり支給を決定し、お支払いしましたのでお知らせします。");
    layout.down(28.0, &|_| {});
    layout.field("給付の種類", &notice.kind);
    layout.field("対象となった方", name);
    match (&notice.month, &notice.period) {
        (Some(month), _) => layout.field("診療年月", &both_months(*month)),
        (None, Some(period)) => {
            layout.field("期間", &format!("{} 〜 {}", both_dates(&period.from), both_dates(&period.to)))
        }
        (None, None) => {}
    }
    layout.field("法定給付額", &yen(notice.statutory));
    layout.field("付加給付額", &yen(notice.additional));
    layout.field("支給額の合計", &yen(notice.statutory + notice.additional));
    layout.field("支払日", &both_dates(&notice.paid_on));
    layout.field("支払先", if notice.via_employer { "事業主（お勤め先）" } else { "ご本人の口座" });
    if notice.via_employer {
        layout.down(6.0, &|_| {});
        layout.text(LEFT, 8.5, EMPLOYER_PAYMENT_CAVEAT);
    }
    layout.finish(society)
}

/// One person's 資格情報のお知らせ.
pub fn qualification(fonts: &Fonts, notice: &QualificationNotice, society: &str) -> Vec<Vec<Mark>> {
    let mut layout = Layout::new(fonts);
    layout.text(LEFT, 18.0, "資格情報のお知らせ");
    layout.text_right(RIGHT, 9.0, &format!("交付年月日 {}", both_dates(&notice.issued_on)));
    layout.down(34.0, &|_| {});
    layout.field("氏名", &notice.name);
    layout.field("生年月日", &both_dates(&notice.birth_date));
    layout.field("記号", &notice.kigo);
    layout.field("番号", &notice.bango);
    layout.field("枝番", &notice.edaban);
    layout.field("保険者番号", &notice.insurer_number);
    layout.field("保険者名称", &notice.insurer_name);
    layout.field("資格取得年月日", &both_dates(&notice.acquired_on));
    layout.field("一部負担金の割合", &format!("{}割", notice.copay_tenths));
    layout.down(6.0, &|_| {});
    layout.text(LEFT, 8.5, "マイナ保険証をお持ちの方は、このお知らせと一緒にお使いください。");
    layout.finish(society)
}

/// Lays out and draws a document off the async threads (subsetting a CJK font takes a while).
pub async fn render(
    fonts: Arc<Fonts>,
    title: String,
    lay_out: impl FnOnce(&Fonts) -> Vec<Vec<Mark>> + Send + 'static,
) -> Result<Vec<u8>, PortalError> {
    tokio::task::spawn_blocking(move || draw(&fonts, &lay_out(&fonts), &title))
        .await
        .map_err(|error| PortalError::Internal(error.to_string()))?
}

/// Draws laid-out pages as a PDF.
pub fn draw(fonts: &Fonts, pages: &[Vec<Mark>], title: &str) -> Result<Vec<u8>, PortalError> {
    let mut document = krilla::Document::new();
    document
        .set_metadata(krilla::metadata::Metadata::new().title(title.to_owned()).language("ja".to_owned()));
    for marks in pages {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a page size");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for mark in marks {
            match mark {
                Mark::Text { x, y, size, text } => surface.draw_text(
                    Point::from_xy(*x, *y),
                    fonts.font.clone(),
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                ),
                Mark::Rule { from, to, width } => {
                    let mut path = PathBuilder::new();
                    path.move_to(from.0, from.1);
                    path.line_to(to.0, to.1);
                    let Some(path) = path.finish() else { continue };
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke { width: *width, ..Default::default() }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                    surface.set_fill(Some(Default::default()));
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|error| PortalError::Internal(format!("pdf: {error:?}")))
}
