use responses::{IntoHttp, Response};

struct Csv(Vec<(u32, &'static str)>);

fn to_csv(rows: &Csv) -> String {
    rows.0.iter().map(|(n, s)| format!("{n},{s}\n")).collect()
}

fn fails(_: &Csv) -> Result<Vec<u8>, std::io::Error> {
    Err(std::io::Error::other("template missing"))
}

#[derive(Response)]
#[response(media_type = "text/csv", render_with = to_csv)]
struct Report {
    #[response(body)]
    rows: Csv,
    #[response(header = "content-disposition")]
    disposition: &'static str,
}

#[derive(Response)]
#[response(render_with = fails)]
struct Broken(#[response(body)] Csv);

fn main() {
    let r = Report { rows: Csv(vec![(1, "a")]), disposition: "attachment" }.into_http().unwrap();
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(r.body().as_bytes(), Some(&b"1,a\n"[..]));
    let err = Broken(Csv(vec![])).into_http().unwrap_err();
    assert_eq!(err.kind(), responses::ErrorKind::Render);
}
