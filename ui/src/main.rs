use kenpo_ui::components::app::{App, AppProps, Screen};

fn main() {
    yew::Renderer::<App>::with_props(AppProps { start: Screen::Login }).render();
}
