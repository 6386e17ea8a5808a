fn main() {
    yew::Renderer::<kenpo_ui::App>::new().render();
}
