"""Editor panels of the story form."""

from wagtail.admin.panels import HelpPanel

from stories.brochure import GUIDANCE


class BrochureGuidancePanel(HelpPanel):
    """What to write about, shown before the first save: the "not a brochure" guidance and the
    product names of the story's hub that the check looks for."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "stories/admin/brochure_guidance.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            parent = getattr(self.form, "parent_page", None)
            if parent is None and self.instance.pk:
                parent = self.instance.get_parent()
            hub = parent.specific if parent is not None else None
            context.update(guidance=GUIDANCE, terms=getattr(hub, "product_term_list", []))
            return context
