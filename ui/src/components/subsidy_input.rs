//! What the member types into the subsidy form, read as the rules take it: amounts in yen
//! (full-width digits and commas allowed), phone numbers, dates of a date input; and a file's
//! size as members read it.

/// An amount as typed: half-width or full-width digits, commas and spaces ignored, 「円」 at
/// the end allowed. None when empty, not a number, or beyond any yen amount.
pub fn parse_yen(typed: &str) -> Option<u64> {
    let digits = yen_digits(typed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What an amount field shows once the member leaves it: half-width digits alone, when what
/// was typed is a number; as typed otherwise, so the member sees their mistake.
pub fn tidy_yen(typed: &str) -> String {
    match parse_yen(typed) {
        Some(amount) => amount.to_string(),
        None => typed.to_owned(),
    }
}

fn yen_digits(typed: &str) -> String {
    let typed = half_width(typed);
    let typed = typed.trim().trim_end_matches('円').trim_start_matches('¥');
    typed.chars().filter(|c| !matches!(c, ',' | '，' | '、') && !c.is_whitespace()).collect()
}

/// Full-width digits and dashes as half-width ones (what a Japanese keyboard often types).
pub fn half_width(typed: &str) -> String {
    typed
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | 'ー' | '―' | '‐' | '−' | '–' => '-',
            '￥' => '¥',
            other => other,
        })
        .collect()
}

/// YYYYMMDD as a date input's value (YYYY-MM-DD); empty when it is not one.
pub fn to_input_date(yyyymmdd: &str) -> String {
    if yyyymmdd.len() == 8 && yyyymmdd.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &yyyymmdd[..4], &yyyymmdd[4..6], &yyyymmdd[6..])
    } else {
        String::new()
    }
}

/// A date input's value (YYYY-MM-DD) as YYYYMMDD.
pub fn from_input_date(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

/// A file's size as members read it: 「245 KB」, 「1.4 MB」.
pub fn file_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes < MB {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    } else {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_typed_in_full_width_or_with_commas_read_as_yen() {
        assert_eq!(parse_yen("4500"), Some(4_500));
        assert_eq!(parse_yen("４５００"), Some(4_500));
        assert_eq!(parse_yen(" 4,500円 "), Some(4_500));
        assert_eq!(parse_yen("４，５００"), Some(4_500));
        assert_eq!(parse_yen("¥3,000"), Some(3_000));
        assert_eq!(parse_yen(""), None);
        assert_eq!(parse_yen("4500.5"), None);
        assert_eq!(parse_yen("四千"), None);
        assert_eq!(tidy_yen("４，５００"), "4500");
        assert_eq!(tidy_yen("4o00"), "4o00", "a mistake is left for the member to see");
        assert_eq!(half_width("０９０ー１２３４－５６７８"), "090-1234-5678");
    }

    #[test]
    fn dates_go_between_the_date_input_and_yyyymmdd() {
        assert_eq!(to_input_date("20261105"), "2026-11-05");
        assert_eq!(to_input_date(""), "");
        assert_eq!(from_input_date("2026-11-05"), "20261105");
    }

    #[test]
    fn file_sizes_read_in_kilobytes_or_megabytes() {
        assert_eq!(file_size(1), "1 KB");
        assert_eq!(file_size(250 * 1024), "250 KB");
        assert_eq!(file_size(1_468_006), "1.4 MB");
    }
}
