"""The course as a whole: build every assignment into one course, grade a class's course, one gradebook.

One module per responsibility: :mod:`~grader.coursework.config` (``course.toml``),
:mod:`~grader.coursework.roster` (the class list), :mod:`~grader.coursework.build` (the
nbgrader course and plain release folders), :mod:`~grader.coursework.layout` (where the
submissions are), :mod:`~grader.coursework.progress` (one bar for the course),
:mod:`~grader.coursework.grade` (a batch per assignment), :mod:`~grader.coursework.gradebook`
(the model) and :mod:`~grader.coursework.exports` (CSV, JSON, Canvas, Moodle).
"""

from grader.coursework.build import build_course
from grader.coursework.config import CourseFile, CourseFileError, default_course, load_course_file
from grader.coursework.exports import EXPORTS
from grader.coursework.grade import CourseGrades, grade_course

__all__ = ["EXPORTS", "CourseFile", "CourseFileError", "CourseGrades", "build_course", "default_course",
           "grade_course", "load_course_file"]
