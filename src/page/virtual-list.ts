/**
 * A list of fixed-height rows of which only those in view (and a few around) exist in the
 * DOM, so 100,000 fragments scroll as smoothly as 100.
 */
export class VirtualList {
  private count = 0;
  private readonly spacer: HTMLElement;
  private frame = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly rowHeight: number,
    private readonly renderRow: (index: number) => HTMLElement,
  ) {
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    host.append(this.spacer);
    host.addEventListener('scroll', () => this.schedule());
    window.addEventListener('resize', () => this.schedule());
  }

  setCount(count: number): void {
    this.count = count;
    this.spacer.style.height = `${count * this.rowHeight}px`;
    this.render();
  }

  /** Scrolls so that row `index` is in view (centred when it was far off). */
  reveal(index: number): void {
    const top = index * this.rowHeight;
    const view = this.host.clientHeight;
    if (top < this.host.scrollTop || top + this.rowHeight > this.host.scrollTop + view)
      this.host.scrollTop = Math.max(0, top - view / 2 + this.rowHeight / 2);
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Draws the rows in view again (after a change to their content). */
  render(): void {
    const view = this.host.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.host.scrollTop / this.rowHeight) - 5);
    const last = Math.min(this.count, Math.ceil((this.host.scrollTop + view) / this.rowHeight) + 5);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = this.renderRow(i);
      row.style.top = `${i * this.rowHeight}px`;
      row.style.height = `${this.rowHeight}px`;
      rows.push(row);
    }
    this.spacer.replaceChildren(...rows);
  }
}
