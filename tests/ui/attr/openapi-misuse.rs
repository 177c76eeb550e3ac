#[derive(responses::Response)]
#[response(openapi = 1)]
struct NotABool;

#[derive(responses::Response)]
#[response(openapi)]
struct NoValue;

#[derive(responses::Response)]
#[response(openapi = false, openapi = true)]
struct Twice;

#[derive(responses::Response)]
enum OnAVariant {
    #[response(openapi = false)]
    Missing,
}

fn main() {}
