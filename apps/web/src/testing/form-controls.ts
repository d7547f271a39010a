import { within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/**
 * Filling in an antd form the way a person does, by the fields' labels, within `container` (a
 * page, a drawer, a dialog).
 */
export function formControls(user: UserEvent, container: HTMLElement) {
  const control = (label: string) => within(container).getByLabelText(label);

  /** The dropdown a select opened: the one holding the listbox the select controls. */
  const dropdownOf = (select: HTMLElement) => {
    const listbox = document.getElementById(`${select.id}_list`);
    const dropdown = listbox?.closest<HTMLElement>('.ant-select-dropdown');
    if (!dropdown) throw new Error(`the select ${select.id} has not opened its options`);
    return dropdown;
  };

  return {
    /** Types (pastes, as it is quicker) `text` into the field labelled `label`. */
    fill: async (label: string, text: string) => {
      await user.click(control(label));
      await user.paste(text);
    },
    /** Opens the select labelled `label` and clicks the option `option` (again: deselects it). */
    choose: async (label: string, option: string) => {
      const select = within(container).getByRole('combobox', { name: label });
      await user.click(select);
      const dropdown = await waitForValue(() => dropdownOf(select));
      await user.click(within(dropdown).getByTitle(option));
      // A multiple select stays open; Escape closes it as a person would.
      if (!dropdown.classList.contains('ant-select-dropdown-hidden')) await user.keyboard('{Escape}');
    },
    /** Types a date (YYYY-MM-DD) into the date picker labelled `label`; the screen must be a desk's. */
    pickDate: async (label: string, date: string) => {
      const input = control(label);
      await user.click(input);
      await user.clear(input);
      await user.type(input, date);
      // Leaving the field commits the date (Enter would also submit the form, as in a browser).
      await user.tab();
    },
    /** The error shown under the field labelled `label`, or undefined. */
    errorOf: (label: string) => {
      const item = control(label).closest('.ant-form-item');
      const errors = item?.querySelectorAll('.ant-form-item-explain-error') ?? [];
      return errors.length ? [...errors].map((error) => error.textContent).join('；') : undefined;
    },
  };
}

async function waitForValue<T>(get: () => T, timeout = 5_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return get();
    } catch (error) {
      if (Date.now() - start > timeout) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
